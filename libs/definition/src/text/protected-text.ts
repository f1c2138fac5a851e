/**
 * Protects every balanced `${…}` of a file before YAML parsing, so that expressions never need
 * quoting: each span is replaced by a token that is a valid plain YAML scalar in every context
 * (block, flow, quoted), and offsets in the protected text map back to the original text.
 */
import { ExpressionError, findExpressions } from '@baton/expressions';

export interface ProtectedSpan {
  readonly id: number;
  readonly protectedStart: number;
  readonly protectedEnd: number;
  /** Offset of the `$` in the original text. */
  readonly originalStart: number;
  /** One past the closing `}` in the original text. */
  readonly originalEnd: number;
  /** The original `${…}` text. */
  readonly text: string;
}

export interface ProtectedText {
  readonly original: string;
  readonly text: string;
  readonly spans: readonly ProtectedSpan[];
  readonly tokenPrefix: string;
}

export type ProtectionResult =
  | { readonly ok: true; readonly value: ProtectedText }
  | { readonly ok: false; readonly offset: number; readonly message: string };

const BASE_PREFIX = '__baton_expr';

export function protectExpressions(original: string): ProtectionResult {
  let found: ReturnType<typeof findExpressions>;
  try {
    found = findExpressions(original);
  } catch (error) {
    if (error instanceof ExpressionError) {
      const offset = error.index ?? 0;
      return { ok: false, offset, message: error.message };
    }
    throw error;
  }
  const tokenPrefix = unusedPrefix(original);
  const spans: ProtectedSpan[] = [];
  let text = '';
  let copiedUpTo = 0;
  found.forEach((span, id) => {
    text += original.slice(copiedUpTo, span.start);
    const token = tokenFor(tokenPrefix, id);
    spans.push({
      id,
      protectedStart: text.length,
      protectedEnd: text.length + token.length,
      originalStart: span.start,
      originalEnd: span.end,
      text: original.slice(span.start, span.end),
    });
    text += token;
    copiedUpTo = span.end;
  });
  text += original.slice(copiedUpTo);
  return { ok: true, value: { original, text, spans, tokenPrefix } };
}

export function tokenFor(prefix: string, id: number): string {
  return `${prefix}_${id}__`;
}

/** Maps an offset in the protected text to the original text (a token maps to its `$`). */
export function toOriginalOffset(protectedText: ProtectedText, offset: number): number {
  const spans = protectedText.spans;
  let low = 0;
  let high = spans.length - 1;
  let before: ProtectedSpan | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans[middle].protectedStart <= offset) {
      before = spans[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (!before) return offset;
  if (offset < before.protectedEnd) return before.originalStart;
  return before.originalEnd + (offset - before.protectedEnd);
}

// A prefix the file does not already contain, so that a token can never be confused with user text.
function unusedPrefix(original: string): string {
  let prefix = BASE_PREFIX;
  for (let attempt = 1; original.includes(prefix); attempt++) prefix = `${BASE_PREFIX}${attempt}`;
  return prefix;
}
