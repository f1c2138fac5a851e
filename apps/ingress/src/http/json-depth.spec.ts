import fc from 'fast-check';
import { jsonTooDeepAt } from './json-depth';

/** Nesting depth of a parsed value, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (typeof entry.node !== 'object' || entry.node === null) continue;
    deepest = Math.max(deepest, entry.depth + 1);
    for (const child of Object.values(entry.node)) pending.push({ node: child, depth: entry.depth + 1 });
  }
  return deepest;
}

describe('the JSON depth scan', () => {
  it('agrees with the depth of the parsed value, for any JSON text and limit', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'large' }), fc.integer({ min: 0, max: 12 }), (text, limit) => {
        const tooDeep = jsonTooDeepAt(text, limit) !== undefined;
        expect(tooDeep).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary text, and points at an opening bracket when it refuses', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 0, max: 8 }),
        (text, limit) => {
          const at = jsonTooDeepAt(text, limit);
          if (at !== undefined) expect(['[', '{']).toContain(text[at]);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
