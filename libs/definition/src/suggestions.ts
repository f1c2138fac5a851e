/** "Did you mean" hints for misspelt keys, names and values. */
import { distance } from 'fastest-levenshtein';

/** The closest candidate, when it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowered = word.toLowerCase();
  for (const candidate of list) {
    const d = distance(lowered, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // a swapped pair of letters costs two edits, so words of five letters or more tolerate two
  const tolerated = word.length <= 4 ? 1 : Math.min(3, Math.ceil(word.length / 3));
  if (best !== undefined && bestDistance <= tolerated) return best;
  // an abbreviation (`obj` for `object`) is too far by edits but plainly meant
  return word.length >= 3 ? list.find((candidate) => candidate.toLowerCase().startsWith(lowered)) : undefined;
}

/** ` (did you mean 'x'?)`, or an empty string when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
