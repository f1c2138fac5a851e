/**
 * Splits an expression's source into tokens. Two rules are Baton's own:
 * - a `-` directly between an identifier character and a letter, `_` or `$` (no spaces) joins them
 *   into one name, so `process-payment.output` names the agent `process-payment`; `x-1` and
 *   `a - b` stay subtractions;
 * - a name directly followed by `@VERSION` keeps the version (`order-schema@v1.0.0`), for
 *   component references.
 * Assignment and update operators are refused here, wherever they appear.
 */
import { ExpressionError } from '../expression-error';
import { closingQuote, templateLiteralShape } from './balanced-scan';
import { decodeEscapes } from './escapes';
import type { Token } from './tokens';

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '~',
  '&',
  '|',
  '^',
  '?',
  ':',
  '=',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

const ASSIGNMENTS = new Set([
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '<<=',
  '>>=',
  '>>>=',
  '&=',
  '|=',
  '^=',
  '&&=',
  '||=',
  '??=',
  '++',
  '--',
]);

// After these tokens an operand is expected, so a `/` there would open a regular expression.
const OPERAND_ENDS = new Set([')', ']', '}']);

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;
const VERSION_SEGMENT = /[A-Za-z0-9_-]+/y;
const NUMBER =
  /(?:0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[bB][01](?:_?[01])*|0[oO][0-7](?:_?[0-7])*|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)/y;

export function tokenize(source: string, start = 0, end: number = source.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    i = skipSpaces(source, i, end);
    if (i >= end) {
      tokens.push({ kind: 'end', start: end, end });
      return tokens;
    }
    const token = tokenAt(source, i, end, tokens[tokens.length - 1]);
    tokens.push(token);
    i = token.end;
  }
}

function tokenAt(source: string, i: number, end: number, previous: Token | undefined): Token {
  const ch = source[i];
  if (IDENTIFIER_START.test(ch)) return nameAt(source, i, end);
  if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) return numberAt(source, i, end);
  if (ch === '"' || ch === "'") {
    const close = closingQuote(source, i, end);
    if (close < 0) throw new ExpressionError('syntax', 'unterminated string', i);
    return { kind: 'string', value: decodeEscapes(source, i + 1, close, false), start: i, end: close + 1 };
  }
  if (ch === '`') {
    const shape = templateLiteralShape(source, i, end);
    if ('unclosedAt' in shape)
      throw new ExpressionError('syntax', 'unterminated template literal', shape.unclosedAt);
    return {
      kind: 'template',
      quasis: shape.quasis.map((q) => decodeEscapes(source, q.start, q.end, true)),
      substitutions: shape.substitutions,
      start: i,
      end: shape.end,
    };
  }
  if (ch === '/') {
    if (source[i + 1] === '/' || source[i + 1] === '*')
      throw new ExpressionError('syntax', 'comments are not supported', i);
    if (operandExpected(previous))
      throw new ExpressionError('syntax', 'regular expression literals are not supported', i);
  }
  return punctuatorAt(source, i, end);
}

function operandExpected(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'punct') return !OPERAND_ENDS.has(previous.value);
  return (
    previous.kind === 'name' &&
    ['typeof', 'void', 'in', 'instanceof', 'new', 'delete'].includes(previous.value)
  );
}

function nameAt(source: string, start: number, end: number): Token {
  let i = start + 1;
  for (;;) {
    while (i < end && IDENTIFIER_PART.test(source[i])) i++;
    // The hyphen rule: `a-b` with no spaces is one name when a letter, `_` or `$` follows the `-`.
    if (i + 1 < end && source[i] === '-' && IDENTIFIER_START.test(source[i + 1])) i += 2;
    else break;
  }
  const value = source.slice(start, i);
  if (source[i] !== '@' || i >= end) return { kind: 'name', value, start, end: i };
  const versionEnd = versionEndAt(source, i + 1, end);
  if (versionEnd === i + 1)
    throw new ExpressionError('syntax', "'@' must be followed by a version (component.NAME@VERSION)", i);
  return { kind: 'name', value, version: source.slice(i + 1, versionEnd), start, end: versionEnd };
}

// A version is segments of letters, digits, `_` and `-`; a `.` continues it only before a digit
// (`v1.0.0`), so `component.x@v1.content` still reads member `content`.
function versionEndAt(source: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    const segmentEnd = stickyMatchEnd(VERSION_SEGMENT, source, i, end);
    if (segmentEnd === i) return i;
    i = segmentEnd;
    if (!(source[i] === '.' && /[0-9]/.test(source[i + 1] ?? '') && i + 1 < end)) return i;
    i++;
  }
}

function numberAt(source: string, start: number, end: number): Token {
  const after = stickyMatchEnd(NUMBER, source, start, end);
  const text = source.slice(start, after);
  if (text === '' || (after < end && IDENTIFIER_PART.test(source[after]))) {
    throw new ExpressionError('syntax', 'invalid number', start);
  }
  return { kind: 'number', value: Number(text.replace(/_/g, '')), start, end: after };
}

function punctuatorAt(source: string, start: number, end: number): Token {
  for (const candidate of PUNCTUATORS) {
    if (start + candidate.length > end || !source.startsWith(candidate, start)) continue;
    // `a?.5:1` is a conditional, not optional chaining.
    if (candidate === '?.' && /[0-9]/.test(source[start + 2] ?? '')) continue;
    if (ASSIGNMENTS.has(candidate)) {
      throw new ExpressionError(
        'forbidden',
        `'${candidate}' is not allowed: expressions cannot assign or modify values`,
        start,
      );
    }
    return { kind: 'punct', value: candidate, start, end: start + candidate.length };
  }
  throw new ExpressionError('syntax', `unexpected character '${source[start]}'`, start);
}

// End of the match of a sticky pattern at `from` (`from` itself when it does not match there).
function stickyMatchEnd(pattern: RegExp, source: string, from: number, end: number): number {
  pattern.lastIndex = from;
  const match = pattern.exec(source);
  return match === null ? from : Math.min(from + match[0].length, end);
}

function skipSpaces(source: string, from: number, end: number): number {
  let i = from;
  while (i < end && /\s/.test(source[i])) i++;
  return i;
}
