import { ExpressionError } from '../expression-error';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/**
 * The value of a string literal's or template literal's raw text between `start` and `end`, with
 * JavaScript escapes decoded. Quoted strings may not hold a raw line break (as in JavaScript);
 * template literals may.
 */
export function decodeEscapes(source: string, start: number, end: number, allowLineBreaks: boolean): string {
  let result = '';
  let copiedFrom = start;
  for (let i = start; i < end; i++) {
    const ch = source[i];
    if (!allowLineBreaks && (ch === '\n' || ch === '\r')) {
      throw new ExpressionError('syntax', 'a quoted string cannot span lines (use a template literal)', i);
    }
    if (ch !== '\\') continue;
    result += source.slice(copiedFrom, i);
    const { text, next } = escapeAt(source, i, end);
    result += text;
    i = next - 1;
    copiedFrom = next;
  }
  return result + source.slice(copiedFrom, end);
}

// Decodes the escape whose backslash is at `at`; `next` is the offset after it.
function escapeAt(source: string, at: number, end: number): { text: string; next: number } {
  const ch = source[at + 1];
  if (ch === undefined || at + 1 >= end)
    throw new ExpressionError('syntax', 'a string ends with a lone backslash', at);
  if (ch === '0' && /[0-9]/.test(source[at + 2] ?? '')) {
    throw new ExpressionError('syntax', 'octal escapes are not supported', at);
  }
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  if (ch === '\r' && source[at + 2] === '\n') return { text: '', next: at + 3 };
  if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') return { text: '', next: at + 2 };
  if (ch === 'x') return hexEscape(source, at, at + 2, 2, end);
  if (ch === 'u') {
    if (source[at + 2] !== '{') return hexEscape(source, at, at + 2, 4, end);
    const close = source.indexOf('}', at + 3);
    const digits = close < 0 || close >= end ? '' : source.slice(at + 3, close);
    const code = /^[0-9a-fA-F]{1,6}$/.test(digits) ? parseInt(digits, 16) : NaN;
    if (!(code <= 0x10ffff)) throw new ExpressionError('syntax', 'invalid \\u{…} escape', at);
    return { text: String.fromCodePoint(code), next: close + 1 };
  }
  return { text: ch, next: at + 2 };
}

function hexEscape(
  source: string,
  at: number,
  from: number,
  length: number,
  end: number,
): { text: string; next: number } {
  const digits = from + length <= end ? source.slice(from, from + length) : '';
  if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) {
    throw new ExpressionError('syntax', `invalid \\${source[at + 1]} escape`, at);
  }
  return { text: String.fromCharCode(parseInt(digits, 16)), next: from + length };
}
