/**
 * `backend: d1`: SQLite-flavoured SQL for PostgreSQL. The statement is parsed with SQLite's grammar
 * (sql-parser-cst, which keeps every token's position), and only the constructs PostgreSQL lacks
 * are rewritten, by editing those positions in the original text: everything else, comments and
 * `?` placeholders included, reaches PostgreSQL as written.
 *
 * - `INSERT OR IGNORE` → `INSERT … ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` / `REPLACE INTO` →
 *   `INSERT … ON CONFLICT (primary key) DO UPDATE SET` every column (the ones not inserted to their
 *   default, as SQLite's delete-and-insert leaves them); `INSERT OR ABORT` → `INSERT`;
 * - in types (DDL and CAST): `INTEGER`/`INT` → `BIGINT` (SQLite's integers are 64-bit), `INTEGER
 *   PRIMARY KEY` (SQLite's rowid, `AUTOINCREMENT` or not) → an identity column, `REAL`/`DOUBLE`/
 *   `FLOAT` → `DOUBLE PRECISION`, `BLOB` → `BYTEA`, `DATETIME` → `TEXT`; `WITHOUT ROWID` and
 *   `STRICT` dropped; `DEFAULT CURRENT_TIMESTAMP` → SQLite's text form;
 * - `LIKE` → `ILIKE` (SQLite's LIKE ignores case), `LIMIT offset, count` → `LIMIT count OFFSET
 *   offset`, `max(a, b)`/`min(a, b)` → `GREATEST`/`LEAST`;
 * - calls of the date and time functions and the other compatibility functions are qualified with
 *   their schema (`time(…)` is not even valid PostgreSQL syntax unqualified).
 *
 * `||` on numbers and text used as a number need no rewriting: the compatibility schema defines
 * those operators (compat-sql.ts). A construct with no translation fails with a message naming it.
 * A statement that SQLite's grammar does not accept (PostgreSQL syntax such as `::` casts or
 * `make_interval(hours => ?)`) is left as written, so PostgreSQL-flavoured d1 statements keep working.
 */
import { parse } from 'sql-parser-cst';
import { COMPAT_SCHEMA } from './compat-sql';

/** What INSERT OR REPLACE needs to know of its table (table-catalog.ts reads it from PostgreSQL). */
export interface TableShape {
  /** Every column, in table order. */
  readonly columns: readonly string[];
  /** The primary key's columns, else those of the table's only unique constraint. */
  readonly key: readonly string[];
}

export type TableLookup = (table: string) => Promise<TableShape | undefined>;

export type Translation =
  | { readonly ok: true; readonly sql: string }
  | { readonly ok: false; readonly construct: string; readonly message: string };

/** A node of the syntax tree as far as this file reads it. */
interface Node {
  readonly type: string;
  readonly range: [number, number];
  readonly [key: string]: unknown;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

class Untranslatable extends Error {
  constructor(
    readonly construct: string,
    message: string,
  ) {
    super(message);
  }
}

const COMPAT_FUNCTIONS = new Set([
  'strftime',
  'datetime',
  'date',
  'time',
  'julianday',
  'unixepoch',
  'ifnull',
  'iif',
  'instr',
  'group_concat',
  'json_extract',
  'total',
]);

/** SQLite functions with no PostgreSQL counterpart here. */
const SQLITE_ONLY_FUNCTIONS = new Set([
  'last_insert_rowid',
  'changes',
  'total_changes',
  'sqlite_version',
  'sqlite_source_id',
  'randomblob',
  'zeroblob',
  'printf',
  'typeof',
  'likelihood',
  'likely',
  'unlikely',
  'load_extension',
]);

const SQLITE_ONLY_STATEMENTS: Readonly<Record<string, string>> = {
  pragma_stmt: 'PRAGMA',
  attach_database_stmt: 'ATTACH DATABASE',
  detach_database_stmt: 'DETACH DATABASE',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  INTEGER: 'BIGINT',
  INT: 'BIGINT',
  REAL: 'DOUBLE PRECISION',
  DOUBLE: 'DOUBLE PRECISION',
  FLOAT: 'DOUBLE PRECISION',
  BLOB: 'BYTEA',
  DATETIME: 'TEXT',
};

const DEFAULT_TIMES: Readonly<Record<string, string>> = {
  current_timestamp: `${COMPAT_SCHEMA}.datetime('now')`,
  current_date: `${COMPAT_SCHEMA}.date('now')`,
  current_time: `${COMPAT_SCHEMA}.time('now')`,
};

/** Parses `sql` with SQLite's grammar, or returns null when it is not SQLite (then it runs as written). */
function parsed(sql: string): Node[] | null {
  try {
    const program = parse(sql, { dialect: 'sqlite', includeRange: true, paramTypes: ['?'] });
    return program.statements as unknown as Node[];
  } catch {
    return null;
  }
}

export async function translateSqlite(sql: string, lookup: TableLookup): Promise<Translation> {
  const statements = parsed(sql);
  if (statements === null) return { ok: true, sql };
  const edits: Edit[] = [];
  try {
    for (const statement of statements) await translateStatement(sql, statement, edits, lookup);
  } catch (error) {
    if (error instanceof Untranslatable)
      return { ok: false, construct: error.construct, message: error.message };
    throw error;
  }
  return { ok: true, sql: applied(sql, edits) };
}

function applied(sql: string, edits: readonly Edit[]): string {
  let text = sql;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end))
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

async function translateStatement(
  sql: string,
  statement: Node,
  edits: Edit[],
  lookup: TableLookup,
): Promise<void> {
  const construct = SQLITE_ONLY_STATEMENTS[statement.type];
  if (construct !== undefined)
    throw new Untranslatable(construct, `${construct} is SQLite-only and has no PostgreSQL translation`);
  for (const node of nodesOf(statement)) translateNode(sql, node, edits);
  if (statement.type === 'insert_stmt') await translateInsert(sql, statement, edits, lookup);
  if (statement.type === 'create_table_stmt') translateCreateTable(sql, statement, edits);
}

// Every node of the tree, without recursion (a statement may nest deeply).
function* nodesOf(root: Node): Generator<Node> {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...(value as unknown[]));
    else if (isNode(value)) {
      yield value;
      for (const [key, child] of Object.entries(value)) if (key !== 'range') pending.push(child);
    }
  }
}

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

const keywordName = (node: unknown): string | undefined =>
  isNode(node) && node.type === 'keyword' ? String(node.name) : undefined;

function translateNode(sql: string, node: Node, edits: Edit[]): void {
  switch (node.type) {
    case 'binary_expr':
      return translateOperator(node, edits);
    case 'func_call':
      return translateCall(node, edits);
    case 'data_type_name':
      return translateType(node, edits);
    case 'limit_clause':
      return translateLimit(sql, node, edits);
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

function translateOperator(node: Node, edits: Edit[]): void {
  if (typeof node.operator === 'string' && ARITHMETIC.has(node.operator)) {
    // SQLite reads '7.5' + 1 as 8.5; PostgreSQL would read the quoted literal as an integer.
    for (const side of [node.left, node.right])
      if (isNode(side) && side.type === 'string_literal' && NUMERIC_TEXT.test(String(side.value)))
        edits.push(replace(side, String(side.value).trim()));
    return;
  }
  const keywords = (Array.isArray(node.operator) ? node.operator : [node.operator]) as unknown[];
  for (const keyword of keywords) {
    const name = keywordName(keyword);
    if (name === 'LIKE') edits.push(replace(keyword as Node, 'ILIKE'));
    else if (name === 'GLOB' || name === 'REGEXP' || name === 'MATCH')
      throw new Untranslatable(
        name,
        `${name} is SQLite-only and has no PostgreSQL translation (use LIKE or ~)`,
      );
  }
}

function translateCall(node: Node, edits: Edit[]): void {
  const nameNode = node.name as Node;
  if (!isNode(nameNode) || nameNode.type !== 'identifier') return;
  const name = String(nameNode.name).toLowerCase();
  if (SQLITE_ONLY_FUNCTIONS.has(name))
    throw new Untranslatable(`${name}()`, `the SQLite function ${name}() has no PostgreSQL translation`);
  if (COMPAT_FUNCTIONS.has(name)) edits.push(replace(nameNode, `${COMPAT_SCHEMA}.${name}`));
  else if ((name === 'max' || name === 'min') && argumentCount(node) >= 2)
    edits.push(replace(nameNode, name === 'max' ? 'GREATEST' : 'LEAST'));
}

function argumentCount(call: Node): number {
  const args = (call.args as { expr?: { args?: { items?: unknown[] } } } | undefined)?.expr?.args?.items;
  return args?.length ?? 0;
}

function translateType(node: Node, edits: Edit[]): void {
  const names = (Array.isArray(node.name) ? node.name : [node.name]) as unknown[];
  if (names.length !== 1) return; // DOUBLE PRECISION, UNSIGNED BIG INT…: left as written
  const replacement =
    TYPE_NAMES[keywordName(names[0]) ?? String((names[0] as Node).name ?? '').toUpperCase()];
  if (replacement !== undefined && node.params === undefined) edits.push(replace(node, replacement));
}

// `LIMIT 5, 10` (offset first) → `LIMIT 10 OFFSET 5`.
function translateLimit(sql: string, node: Node, edits: Edit[]): void {
  const count = node.count as Node | undefined;
  const offset = node.offset as Node | undefined;
  if (count === undefined || offset === undefined || node.offsetKw !== undefined) return;
  edits.push({ start: offset.range[0], end: count.range[0], text: '' });
  edits.push({
    start: count.range[1],
    end: count.range[1],
    text: ` OFFSET ${sql.slice(offset.range[0], offset.range[1])}`,
  });
}

function translateCreateTable(sql: string, statement: Node, edits: Edit[]): void {
  // WITHOUT ROWID and STRICT (SQLite's only table options) mean nothing to PostgreSQL.
  const options = (statement.options as { items?: Node[] } | undefined)?.items ?? [];
  const columnList = statement.columns as Node | undefined;
  if (options.length > 0 && columnList !== undefined)
    edits.push({ start: columnList.range[1], end: options[options.length - 1].range[1], text: '' });
  const columns = (statement.columns as { expr?: { items?: Node[] } } | undefined)?.expr?.items ?? [];
  for (const column of columns) {
    if (column.type !== 'column_definition') continue;
    const constraints = (column.constraints as Node[] | undefined) ?? [];
    const dataType = column.dataType as Node | undefined;
    const typeName = dataType === undefined ? undefined : keywordName(dataType.name);
    const autoIncrement = constraints.find((constraint) => constraint.type === 'constraint_auto_increment');
    const primaryKey = constraints.some((constraint) => constraint.type === 'constraint_primary_key');
    if (autoIncrement !== undefined) {
      const before = constraints[constraints.indexOf(autoIncrement) - 1] ?? dataType ?? column.name;
      edits.push({ start: (before as Node).range[1], end: autoIncrement.range[1], text: '' });
    }
    // SQLite's INTEGER PRIMARY KEY is the rowid: a value is assigned when none is given.
    if (dataType !== undefined && typeName === 'INTEGER' && primaryKey) {
      const index = edits.findIndex(
        (edit) => edit.start === dataType.range[0] && edit.end === dataType.range[1],
      );
      if (index >= 0) edits.splice(index, 1);
      edits.push(replace(dataType, 'BIGINT GENERATED BY DEFAULT AS IDENTITY'));
    } else if (autoIncrement !== undefined) {
      throw new Untranslatable(
        'AUTOINCREMENT',
        'AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY column',
      );
    }
    // SQLite's CURRENT_TIMESTAMP is text ('2024-01-15 09:05:03'); a PostgreSQL time column keeps its own.
    const typeText =
      dataType === undefined ? '' : sql.slice(dataType.range[0], dataType.range[1]).toUpperCase();
    if (/DATE|TIME/.test(typeText) && typeName !== 'DATETIME') continue;
    for (const constraint of constraints) {
      if (constraint.type !== 'constraint_default') continue;
      const value = constraint.expr as Node;
      const name =
        isNode(value) && value.type === 'func_call' ? String((value.name as Node).name).toLowerCase() : '';
      if (DEFAULT_TIMES[name] !== undefined && value.args === undefined)
        edits.push(replace(value, `(${DEFAULT_TIMES[name]})`));
    }
  }
}

async function translateInsert(
  sql: string,
  statement: Node,
  edits: Edit[],
  lookup: TableLookup,
): Promise<void> {
  const clauses = statement.clauses as Node[];
  const insert = clauses[0];
  const orAction = insert.orAction as Node | undefined;
  const replaceInto = keywordName(insert.insertKw) === 'REPLACE';
  const action = replaceInto ? 'REPLACE' : keywordName(orAction?.actionKw);
  const upsert = clauses.find((clause) => clause.type === 'upsert_clause');
  if (upsert !== undefined) qualifyUpsertColumns(sql, insert, upsert, edits);
  if (action === undefined) return;
  if (action === 'FAIL' || action === 'ROLLBACK')
    throw new Untranslatable(`INSERT OR ${action}`, `INSERT OR ${action} has no PostgreSQL translation`);
  if (replaceInto) edits.push(replace(insert.insertKw as Node, 'INSERT'));
  if (orAction !== undefined) {
    const next = (insert.intoKw ?? insert.table) as Node;
    edits.push({ start: orAction.range[0], end: next.range[0], text: '' });
  }
  if (action === 'ABORT') return;
  if (clauses.some((clause) => clause.type === 'upsert_clause'))
    throw new Untranslatable(
      `INSERT OR ${action}`,
      `INSERT OR ${action} cannot be combined with ON CONFLICT`,
    );
  const returning = clauses.find((clause) => clause.type === 'returning_clause');
  const at = returning === undefined ? statement.range[1] : returning.range[0];
  const suffix = action === 'IGNORE' ? ' ON CONFLICT DO NOTHING' : await replaceClause(sql, insert, lookup);
  edits.push({ start: at, end: at, text: returning === undefined ? suffix : `${suffix.trimStart()} ` });
}

/**
 * In `ON CONFLICT … DO UPDATE SET signups = signups + 1`, SQLite reads a bare column as the existing
 * row's; PostgreSQL finds it ambiguous (the row or EXCLUDED), so it is qualified with the table.
 */
function qualifyUpsertColumns(sql: string, insert: Node, upsert: Node, edits: Edit[]): void {
  const tableNode = insert.table as Node;
  const table = sql.slice(tableNode.range[0], tableNode.range[1]);
  const action = upsert.action as Node;
  const assignments = (
    (action.set as { assignments?: { items?: Node[] } } | undefined)?.assignments?.items ?? []
  ).map((assignment) => assignment.expr);
  const where = (action.where as { expr?: unknown } | undefined)?.expr;
  const pending: unknown[] = [...assignments, where];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isNode(node) || node.type === 'member_expr' || node.type === 'select_stmt') continue;
    if (node.type === 'identifier') {
      edits.push({ start: node.range[0], end: node.range[0], text: `${table}.` });
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'range' || (node.type === 'func_call' && key === 'name')) continue;
      if (Array.isArray(child)) pending.push(...(child as unknown[]));
      else pending.push(child);
    }
  }
}

async function replaceClause(sql: string, insert: Node, lookup: TableLookup): Promise<string> {
  const tableNode = insert.table as Node;
  const table = sql.slice(tableNode.range[0], tableNode.range[1]);
  const shape = await lookup(table);
  const construct = 'INSERT OR REPLACE';
  if (shape === undefined) throw new Untranslatable(construct, `${construct}: table ${table} does not exist`);
  if (shape.key.length === 0)
    throw new Untranslatable(
      construct,
      `${construct} into ${table} needs a primary key or a unique constraint`,
    );
  const listed = ((insert.columns as { expr?: { items?: Node[] } } | undefined)?.expr?.items ?? []).map(
    (column) => unquoted(sql.slice(column.range[0], column.range[1])),
  );
  const inserted = new Set(listed.length > 0 ? listed : shape.columns);
  const updates = shape.columns
    .filter((column) => !shape.key.includes(column))
    .map(
      (column) => `${quoted(column)} = ${inserted.has(column) ? `EXCLUDED.${quoted(column)}` : 'DEFAULT'}`,
    );
  // A table whose every column is in its key has nothing to update: assigning the key keeps RETURNING rows.
  const set = updates.length > 0 ? updates : [`${quoted(shape.key[0])} = EXCLUDED.${quoted(shape.key[0])}`];
  return ` ON CONFLICT (${shape.key.map(quoted).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A column as written (`"Name"`, `[name]`, `` `name` `` or name) → its name in the catalog. */
function unquoted(written: string): string {
  const match = /^(?:"((?:[^"]|"")*)"|\[([^\]]*)\]|`((?:[^`]|``)*)`)$/.exec(written);
  if (match === null) return written.toLowerCase();
  return (match[1] ?? match[2] ?? match[3]).replace(/""/g, '"').replace(/``/g, '`');
}

function replace(node: Node, text: string): Edit {
  return { start: node.range[0], end: node.range[1], text };
}
