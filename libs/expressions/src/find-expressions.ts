import { ExpressionError } from './expression-error';
import { closingBrace } from './syntax/balanced-scan';
import type { ExpressionSpan } from './types';

/**
 * Every balanced `${…}` of a text, in order. A `$` before `${` is ordinary text (`$${x}` is a `$`
 * followed by the placeholder `${x}`). Throws ExpressionError('syntax') with the offset of a `${`
 * that is never closed.
 */
export function findExpressions(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return spans;
    const close = closingBrace(text, start + 2);
    if (close < 0) throw new ExpressionError('syntax', "'${' is never closed by a matching '}'", start);
    spans.push({ start, end: close + 1, source: text.slice(start + 2, close) });
    from = close + 1;
  }
}
