/**
 * The regular-expression engine Ajv uses for `pattern` and `patternProperties`: RE2 semantics
 * (re2js, a JavaScript port of Google's RE2), whose matching time is linear in the input. Schemas
 * come from ensemble authors and data from webhook senders, so a backtracking engine would let
 * `pattern: "^(a+)+$"` stall a service for seconds on a 31-byte string.
 *
 * RE2 has no backreferences or lookaround; a pattern using them does not compile, and the schema is
 * refused when the ensemble is registered (with the reason) instead of failing at run time.
 */
import { RE2JS } from 're2js';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';

/**
 * Longest pattern compiled: RE2 compiles in time linear in the pattern too, but a 20,000-character
 * one still took a third of a second; no schema needs more than this.
 */
export const MAX_PATTERN_LENGTH = 1000;

/** Ajv passes `u` when it would have compiled a Unicode RegExp; RE2 always matches code points. */
function compileLinear(pattern: string): RegExpLike {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(
      `pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are compiled`,
    );
  }
  return RE2JS.compile(pattern);
}

// Ajv reads `code` when it generates standalone code; we never do, but the type requires it.
export const linearRegExp: RegExpEngine = Object.assign(compileLinear, {
  code: 'require("re2js").RE2JS.compile',
});

export interface PatternProblem {
  /** Path inside the schema: `['properties', 'code', 'pattern']`, or a patternProperties key. */
  readonly at: readonly string[];
  readonly message: string;
}

/**
 * The first `pattern` (or `patternProperties` key) of a schema that RE2 cannot compile, with where
 * it is, so a definition can be refused at the line that holds it. Walks without recursion.
 */
export function unsupportedPattern(schema: unknown): PatternProblem | undefined {
  const pending: { node: unknown; at: string[] }[] = [{ node: schema, at: [] }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { node, at } = entry;
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    const patterns: { pattern: string; at: string[] }[] = [];
    if (typeof record.pattern === 'string')
      patterns.push({ pattern: record.pattern, at: [...at, 'pattern'] });
    const properties = record.patternProperties;
    if (typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
      for (const key of Object.keys(properties))
        patterns.push({ pattern: key, at: [...at, 'patternProperties', key] });
    }
    for (const candidate of patterns) {
      const message = compileProblem(candidate.pattern);
      if (message !== undefined) return { at: candidate.at, message };
    }
    for (const key of Object.keys(record).reverse()) pending.push({ node: record[key], at: [...at, key] });
  }
  return undefined;
}

function compileProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `pattern is ${pattern.length} characters long: at most ${MAX_PATTERN_LENGTH} are allowed`;
  }
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `pattern ${JSON.stringify(pattern)} cannot be matched in linear time (RE2: ${reason}); backreferences and lookaround are not supported`;
  }
}
