/**
 * The one place that knows how far a `${…}` reaches. The placeholder finder and the lexer (for
 * template literals inside expressions) both use it, so the loader protects exactly the text the
 * parser later reads. It understands nested braces, quoted strings (which may hold `{` and `}`) and
 * backtick templates with their own `${…}`, to any depth, without recursion.
 */

const BACKSLASH = 92;
const BACKTICK = 96;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;

// Marks, on the stack of open constructs, a `${` opened inside a template literal.
const IN_TEMPLATE = -1;

/**
 * Index of the `}` that closes a placeholder whose body starts at `from`, or -1 when the text ends
 * first. `end` bounds the search (exclusive).
 */
export function closingBrace(text: string, from: number, end: number = text.length): number {
  // Each entry is either IN_TEMPLATE or the brace depth of the code a template literal interrupted.
  const open: number[] = [];
  let inTemplate = false;
  let depth = 0;
  for (let i = from; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (inTemplate) {
      if (ch === BACKSLASH) i++;
      else if (ch === BACKTICK) {
        inTemplate = false;
        depth = open.pop() as number;
      } else if (ch === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE && i + 1 < end) {
        open.push(IN_TEMPLATE);
        inTemplate = false;
        depth = 0;
        i++;
      }
    } else if (ch === OPEN_BRACE) depth++;
    else if (ch === CLOSE_BRACE) {
      if (depth > 0) depth--;
      else if (open.length === 0) return i;
      else {
        open.pop();
        inTemplate = true;
      }
    } else if (ch === SINGLE_QUOTE || ch === DOUBLE_QUOTE) {
      i = closingQuote(text, i, end);
      if (i < 0) return -1;
    } else if (ch === BACKTICK) {
      open.push(depth);
      inTemplate = true;
    }
  }
  return -1;
}

/** Index of the quote that closes the string opened at `start`, or -1 when the text ends first. */
export function closingQuote(text: string, start: number, end: number = text.length): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === BACKSLASH) i++;
    else if (ch === quote) return i;
  }
  return -1;
}

export interface TemplateLiteralShape {
  /** One past the closing backtick. */
  readonly end: number;
  /** Raw text ranges between substitutions (always one more than `substitutions`). */
  readonly quasis: readonly { readonly start: number; readonly end: number }[];
  /** Body ranges of each `${…}` (between `${` and `}`). */
  readonly substitutions: readonly { readonly start: number; readonly end: number }[];
}

/**
 * Splits the template literal opened by the backtick at `start`. Returns the offset of the problem
 * instead when the literal or one of its substitutions is not closed.
 */
export function templateLiteralShape(
  text: string,
  start: number,
  end: number = text.length,
): TemplateLiteralShape | { readonly unclosedAt: number } {
  const quasis: { start: number; end: number }[] = [];
  const substitutions: { start: number; end: number }[] = [];
  let quasiStart = start + 1;
  for (let i = start + 1; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === BACKSLASH) i++;
    else if (ch === BACKTICK) {
      quasis.push({ start: quasiStart, end: i });
      return { end: i + 1, quasis, substitutions };
    } else if (ch === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE && i + 1 < end) {
      quasis.push({ start: quasiStart, end: i });
      const close = closingBrace(text, i + 2, end);
      if (close < 0) return { unclosedAt: i };
      substitutions.push({ start: i + 2, end: close });
      i = close;
      quasiStart = close + 1;
    }
  }
  return { unclosedAt: start };
}
