/**
 * Turns the `?` placeholders of a `data` agent's SQL into PostgreSQL's `$1, $2, …`.
 *
 * A `?` is a placeholder only in SQL code: inside a string literal ('…', E'…' with backslash
 * escapes), a quoted identifier ("…"), a comment (-- … and nested /* … *\/) or a dollar-quoted
 * string ($$…$$, $tag$…$tag$) it is left alone. `??` stands for a literal `?` in code, for
 * PostgreSQL's jsonb operators (`data ?? 'key'` sends `data ? 'key'`).
 */

export interface PositionalSql {
  /** The statement with `$n` placeholders. */
  readonly text: string;
  /** How many `?` placeholders it had, i.e. how many parameters it takes. */
  readonly placeholders: number;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

export function toPositionalSql(sql: string): PositionalSql {
  let text = '';
  let placeholders = 0;
  let i = 0;
  while (i < sql.length) {
    const end = endOfQuotedOrComment(sql, i);
    if (end > i) {
      text += sql.slice(i, end);
      i = end;
    } else if (sql[i] === '?' && sql[i + 1] === '?') {
      text += '?';
      i += 2;
    } else if (sql[i] === '?') {
      placeholders += 1;
      text += `$${placeholders}`;
      i += 1;
    } else {
      text += sql[i];
      i += 1;
    }
  }
  return { text, placeholders };
}

/**
 * When a literal, quoted identifier, comment or dollar-quoted string starts at `start`, the index
 * one past its end (the end of the text when it is unterminated: PostgreSQL will report that);
 * otherwise `start` itself.
 */
function endOfQuotedOrComment(sql: string, start: number): number {
  const char = sql[start];
  const next = sql[start + 1];
  if (char === "'") return endOfQuoted(sql, start, "'", isEscapeStringPrefix(sql, start));
  if (char === '"') return endOfQuoted(sql, start, '"', false);
  if (char === '-' && next === '-') {
    const newline = sql.indexOf('\n', start + 2);
    return newline === -1 ? sql.length : newline + 1;
  }
  if (char === '/' && next === '*') return endOfBlockComment(sql, start);
  if (char === '$' && !isIdentifierChar(sql[start - 1])) {
    DOLLAR_TAG.lastIndex = start;
    const tag = DOLLAR_TAG.exec(sql)?.[0];
    if (tag) {
      const close = sql.indexOf(tag, start + tag.length);
      return close === -1 ? sql.length : close + tag.length;
    }
  }
  return start;
}

/** '…' and "…" double their quote to escape it; E'…' strings also take backslash escapes. */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
    } else if (char === quote && sql[i + 1] === quote) {
      i += 2;
    } else if (char === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** PostgreSQL block comments nest: /* a /* b *\/ c *\/ is one comment. */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** `E'…'` (or `e'…'`) where the E is a prefix, not the end of an identifier like `name'`. */
function isEscapeStringPrefix(sql: string, quoteIndex: number): boolean {
  const prefix = sql[quoteIndex - 1];
  return (prefix === 'E' || prefix === 'e') && !isIdentifierChar(sql[quoteIndex - 2]);
}

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && IDENTIFIER_CHAR.test(char);
}
