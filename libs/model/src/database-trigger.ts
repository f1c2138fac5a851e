/**
 * The rules of a `database` trigger's `table` and `where`, in one place: the definition refuses what
 * they refuse (422 at registration), and the worker checks again before it writes them into DDL.
 *
 * `table` is an identifier (`orders`) or a schema-qualified one (`shop.orders`), quoted as written
 * in the DDL. `where` is a SQL boolean expression over `NEW` and `OLD` placed inside the trigger
 * function's body: it may not end the statement or the body, or hide text in a comment, so `;`, `$`,
 * `\`, comments and control characters are refused, and quotes and parentheses must balance.
 */

export const DATABASE_EVENTS = ['insert', 'update', 'delete'] as const;
export type DatabaseEvent = (typeof DATABASE_EVENTS)[number];

/** PostgreSQL truncates identifiers at 63 bytes; a longer name would silently mean another. */
export const MAX_IDENTIFIER_LENGTH = 63;
export const MAX_WHERE_LENGTH = 1000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The table as `[schema?, name]`, or why it is refused. */
export function parseTableName(table: string): { parts: readonly string[] } | { problem: string } {
  const parts = table.split('.');
  if (parts.length > 2) return { problem: 'must be a table name or schema.table, with one dot at most' };
  for (const part of parts) {
    if (!IDENTIFIER.test(part))
      return {
        problem: 'may hold only letters, digits and _ (not starting with a digit), as schema.table or table',
      };
    if (part.length > MAX_IDENTIFIER_LENGTH)
      return { problem: `has a name longer than ${MAX_IDENTIFIER_LENGTH} characters` };
  }
  return { parts };
}

/** Why a `where` expression is refused, or undefined when it may be written into the trigger. */
export function whereProblem(where: string): string | undefined {
  if (where.trim() === '') return "must be a SQL condition such as NEW.status = 'paid'";
  if (where.length > MAX_WHERE_LENGTH) return `is longer than ${MAX_WHERE_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(where)) return 'may not hold control characters';
  for (const [text, what] of FORBIDDEN) {
    if (where.includes(text)) return `may not contain ${what}: it is one condition, not SQL statements`;
  }
  return balanceProblem(where);
}

const FORBIDDEN: ReadonlyArray<readonly [string, string]> = [
  [';', "';'"],
  ['$', "'$' (dollar quoting or parameters)"],
  ['\\', "'\\'"],
  ['--', "'--' (a comment)"],
  ['/*', "'/*' (a comment)"],
];

/** Quotes ('…', "…") must close and parentheses outside them must pair. */
function balanceProblem(where: string): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (const char of where) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined; // a doubled quote reopens at once: still balanced
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth < 0) return "has a ')' without its '('";
    }
  }
  if (quote !== undefined) return `has a ${quote} that is not closed`;
  return depth > 0 ? "has a '(' that is not closed" : undefined;
}
