/**
 * The SQL of database triggers, built from checked parts only: identifiers pass `parseTableName`
 * and are quoted, `where` passes `whereProblem` (no `;`, `$`, comments, balanced quotes), and every
 * other value is a literal we quote. Nothing a definition holds reaches the DDL any other way.
 *
 * In the watched database Baton keeps the schema `baton_changes`: the `outbox` (one row per change,
 * written by the trigger in the changing transaction) and `triggers` (what Baton installed there,
 * so it can drop what no ensemble wants any more). Each trigger calls its own function
 * `baton_changes.baton_<hash>()`, `SECURITY DEFINER` (the application's roles need no right on the
 * outbox) with a fixed `search_path`.
 */
import { createHash } from 'node:crypto';
import { parseTableName, whereProblem, type DatabaseTrigger } from '@baton/model';

export const CHANGES_SCHEMA = 'baton_changes';
/** The NOTIFY channel; the payload is the trigger key. */
export const CHANGES_CHANNEL = 'baton_changes';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `<ensemble>:<trigger index>`: what the outbox and the registry call a trigger. */
export function triggerKey(ensemble: string, index: number): string {
  return `${ensemble}:${index}`;
}

/** The name of the PostgreSQL trigger and of its function: short, stable, a valid identifier. */
export function triggerObjectName(key: string): string {
  return `baton_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** What decides whether an installed trigger is still the one the definition wants. */
export function triggerSpec(trigger: DatabaseTrigger): string {
  const { table, events, where } = trigger;
  return createHash('sha256')
    .update(JSON.stringify({ table, events, where: where ?? null }))
    .digest('hex');
}

/** The lock every installer takes, so replicas (and other installations) never interleave DDL. */
export const INSTALL_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('${CHANGES_SCHEMA}'))`;

export const SETUP_SQL = [
  `CREATE SCHEMA IF NOT EXISTS ${CHANGES_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${CHANGES_SCHEMA}.outbox (
    id bigserial PRIMARY KEY,
    change_id uuid NOT NULL DEFAULT gen_random_uuid(),
    trigger_key text NOT NULL,
    op text NOT NULL,
    table_name text NOT NULL,
    new_row jsonb,
    old_row jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS outbox_trigger_key_id ON ${CHANGES_SCHEMA}.outbox (trigger_key, id)`,
  `CREATE TABLE IF NOT EXISTS ${CHANGES_SCHEMA}.triggers (
    name text PRIMARY KEY,
    trigger_key text NOT NULL UNIQUE,
    table_name text NOT NULL,
    spec text NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now()
  )`,
];

/** `[schema, table]` of the written table, resolved with the session's search path ($1 = the quoted name). */
export const RESOLVE_TABLE_SQL = `SELECT n.nspname AS schema, c.relname AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')`;

/** The table as the DDL writes it before it is resolved: each part quoted as written. */
export function quotedTableName(table: string): string {
  const parsed = parseTableName(table);
  if ('problem' in parsed) throw new Error(`table ${JSON.stringify(table)} ${parsed.problem}`);
  return parsed.parts.map(quoteIdentifier).join('.');
}

function checkedWhere(where: string | undefined): string | undefined {
  if (where === undefined) return undefined;
  const problem = whereProblem(where);
  if (problem !== undefined) throw new Error(`where ${problem}`);
  return where;
}

/**
 * Plans `where` against the table without reading a row, under the function's search path: an
 * unknown column or a type error is found at install, not by the application's next write.
 */
export function whereCheckSql(qualifiedTable: string, where: string): string[] {
  return [
    `SET LOCAL search_path = pg_catalog, pg_temp`,
    `SELECT (${checkedWhere(where)})::boolean FROM ${qualifiedTable} AS new CROSS JOIN ${qualifiedTable} AS old WHERE false`,
  ];
}

export interface TriggerInstall {
  readonly key: string;
  readonly name: string;
  /** `"schema"."table"`, resolved. */
  readonly qualifiedTable: string;
  /** The table as the run's input names it (as written in the definition). */
  readonly table: string;
  readonly events: DatabaseTrigger['events'];
  readonly where?: string;
}

/** The function and the trigger, replacing an older version of either. */
export function installSql(install: TriggerInstall): string[] {
  const fn = `${CHANGES_SCHEMA}.${quoteIdentifier(install.name)}`;
  const where = checkedWhere(install.where);
  const filter =
    where === undefined ? '' : `  IF NOT coalesce((${where}), false) THEN RETURN NULL; END IF;\n`;
  const key = quoteLiteral(install.key);
  const events = install.events.map((event) => event.toUpperCase()).join(' OR ');
  if (events === '') throw new Error('a database trigger needs at least one event');
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $baton$
BEGIN
${filter}  INSERT INTO ${CHANGES_SCHEMA}.outbox (trigger_key, op, table_name, new_row, old_row)
  VALUES (${key}, lower(TG_OP), ${quoteLiteral(install.table)},
    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END,
    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END);
  PERFORM pg_notify(${quoteLiteral(CHANGES_CHANNEL)}, ${key});
  RETURN NULL;
END
$baton$`,
    `DROP TRIGGER IF EXISTS ${quoteIdentifier(install.name)} ON ${install.qualifiedTable}`,
    `CREATE TRIGGER ${quoteIdentifier(install.name)} AFTER ${events} ON ${install.qualifiedTable} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  ];
}

/** Drops a trigger and its function; a table dropped meanwhile is no error. */
export function dropSql(name: string, qualifiedTable: string): string[] {
  return [
    `DO $baton$ BEGIN
  DROP TRIGGER IF EXISTS ${quoteIdentifier(name)} ON ${qualifiedTable};
EXCEPTION WHEN undefined_table OR invalid_schema_name THEN NULL;
END $baton$`,
    `DROP FUNCTION IF EXISTS ${CHANGES_SCHEMA}.${quoteIdentifier(name)}()`,
  ];
}
