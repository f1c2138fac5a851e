/**
 * Methods callable on strings. Arguments are converted to primitives first (never handed to native
 * code as objects), patterns are plain strings (there are no regular expressions), replacements are
 * literal text, and every result is measured before it is built.
 */
import { concatText, toNumber, toOptionalNumber, toText } from '../evaluate/conversions';
import { ExpressionError } from '../expression-error';
import { compareText, DEFAULT_LOCALE } from '../globals/intl';
import { type Method, methodTable } from './method-table';

// ES2024 string methods (Node has them; the project's TypeScript lib is ES2023).
interface WellFormedText {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const textMethod =
  (transform: (text: string) => string): Method<string> =>
  (text, _args, evaluation) => {
    evaluation.chargeText(text.length);
    const result = transform(text);
    evaluation.checkString(result.length);
    return result;
  };

const searchMethod =
  (search: (text: string, needle: string, position: number | undefined) => unknown): Method<string> =>
  (text, args, evaluation) => {
    evaluation.chargeText(text.length);
    return search(text, toText(args[0], evaluation), toOptionalNumber(args[1], evaluation));
  };

const indexMethod =
  (read: (text: string, a: number | undefined, b: number | undefined) => unknown): Method<string> =>
  (text, args, evaluation) => {
    evaluation.charge(1);
    return read(text, toOptionalNumber(args[0], evaluation), toOptionalNumber(args[1], evaluation));
  };

function pad(atStart: boolean): Method<string> {
  return (text, args, evaluation) => {
    const target = toNumber(args[0], evaluation);
    const filler = args[1] === undefined ? ' ' : toText(args[1], evaluation);
    if (target > text.length && filler !== '') evaluation.checkString(target);
    evaluation.chargeText(Math.max(target, text.length));
    return atStart ? text.padStart(target, filler) : text.padEnd(target, filler);
  };
}

// Upper/lower case for a locale (`'i'.toLocaleUpperCase('tr')` is 'İ'), en-US when none is given.
function localeCase(upper: boolean): Method<string> {
  return (text, args, evaluation) => {
    const locale = args[0] === undefined ? DEFAULT_LOCALE : toText(args[0], evaluation);
    if (locale.length > 64) throw new ExpressionError('evaluation', 'a locale is longer than 64 characters');
    evaluation.chargeText(text.length);
    let result: string;
    try {
      result = upper ? text.toLocaleUpperCase(locale) : text.toLocaleLowerCase(locale);
    } catch {
      throw new ExpressionError('evaluation', 'unsupported locale');
    }
    evaluation.checkString(result.length);
    return result;
  };
}

function occurrences(text: string, pattern: string, all: boolean): number {
  if (pattern === '') return all ? text.length + 1 : 1;
  let count = 0;
  for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length)) {
    count++;
    if (!all) break;
  }
  return count;
}

// The replacement is literal text: `$&` and friends are not expanded (they could grow a string
// quadratically, and readers do not expect them in a YAML file).
function replace(all: boolean): Method<string> {
  return (text, args, evaluation) => {
    const pattern = toText(args[0], evaluation);
    const replacement = toText(args[1], evaluation);
    evaluation.chargeText(text.length);
    const count = occurrences(text, pattern, all);
    evaluation.checkString(text.length + count * (replacement.length - pattern.length));
    evaluation.chargeText(text.length + count * replacement.length);
    return all ? text.replaceAll(pattern, () => replacement) : text.replace(pattern, () => replacement);
  };
}

export const STRING_METHODS = methodTable<string>({
  toUpperCase: textMethod((text) => text.toUpperCase()),
  toLowerCase: textMethod((text) => text.toLowerCase()),
  trim: textMethod((text) => text.trim()),
  trimStart: textMethod((text) => text.trimStart()),
  trimEnd: textMethod((text) => text.trimEnd()),
  toLocaleUpperCase: localeCase(true),
  toLocaleLowerCase: localeCase(false),
  isWellFormed: (text, _args, evaluation) => {
    evaluation.chargeText(text.length);
    return (text as unknown as WellFormedText).isWellFormed();
  },
  toWellFormed: textMethod((text) => (text as unknown as WellFormedText).toWellFormed()),
  toString: (text: string) => text,
  valueOf: (text: string) => text,
  replace: replace(false),
  replaceAll: replace(true),
  includes: searchMethod((text, needle, position) => text.includes(needle, position)),
  startsWith: searchMethod((text, needle, position) => text.startsWith(needle, position)),
  endsWith: searchMethod((text, needle, position) => text.endsWith(needle, position)),
  indexOf: searchMethod((text, needle, position) => text.indexOf(needle, position)),
  lastIndexOf: searchMethod((text, needle, position) => text.lastIndexOf(needle, position)),
  localeCompare: compareText,
  slice: indexMethod((text, start, end) => text.slice(start, end)),
  substring: indexMethod((text, start, end) => text.substring(start ?? 0, end)),
  substr: indexMethod((text, start, length) => text.substr(start ?? 0, length)),
  at: indexMethod((text, index) => text.at(index ?? 0)),
  charAt: indexMethod((text, index) => text.charAt(index ?? 0)),
  charCodeAt: indexMethod((text, index) => text.charCodeAt(index ?? 0)),
  codePointAt: indexMethod((text, index) => text.codePointAt(index ?? 0)),
  normalize: (text, args, evaluation) => {
    evaluation.chargeText(text.length);
    const result = text.normalize(args[0] === undefined ? undefined : toText(args[0], evaluation));
    evaluation.checkString(result.length);
    return result;
  },
  padStart: pad(true),
  padEnd: pad(false),
  repeat: (text, args, evaluation) => {
    const count = toNumber(args[0], evaluation);
    if (!(count >= 0) || count === Infinity)
      throw new ExpressionError('evaluation', 'repeat() needs a non-negative finite count');
    evaluation.checkString(text.length * Math.floor(count));
    evaluation.chargeText(text.length * count);
    return text.repeat(count);
  },
  concat: (text, args, evaluation) => {
    let result = text;
    for (const arg of args) result = concatText(result, toText(arg, evaluation), evaluation);
    evaluation.chargeText(result.length);
    return result;
  },
  split: (text, args, evaluation) => {
    evaluation.chargeText(text.length);
    if (args[0] === undefined) return [text];
    const separator = toText(args[0], evaluation);
    const requested = args[1] === undefined ? Infinity : toNumber(args[1], evaluation) >>> 0;
    // Ask for one more piece than allowed: getting it back means the whole split would be too long.
    const parts = text.split(separator, Math.min(requested, evaluation.maxArrayLength + 1));
    evaluation.checkArray(parts.length);
    evaluation.charge(parts.length);
    return parts;
  },
});
