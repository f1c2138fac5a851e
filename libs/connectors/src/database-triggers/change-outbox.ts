/**
 * One watched database: installs and drops Baton's triggers there (in one transaction under an
 * advisory lock, so replicas never interleave DDL), and hands out pending changes of the outbox.
 */
import type { Pool, PoolClient } from 'pg';
import {
  CHANGES_SCHEMA,
  dropSql,
  INSTALL_LOCK_SQL,
  installSql,
  quoteIdentifier,
  quotedTableName,
  RESOLVE_TABLE_SQL,
  SETUP_SQL,
  triggerObjectName,
  whereCheckSql,
} from './trigger-sql';
import type { DatabaseTrigger } from '@baton/model';

/** A trigger some ensemble wants in this database. */
export interface WantedTrigger {
  readonly key: string;
  readonly trigger: DatabaseTrigger;
  readonly spec: string;
}

/** The outcome of making the database hold exactly the wanted triggers. */
export interface Reconciled {
  readonly installed: readonly string[];
  readonly dropped: readonly string[];
  /** Triggers that could not be installed (table missing, `where` refused by PostgreSQL), by key. */
  readonly failed: ReadonlyMap<string, string>;
}

/** One change read from the outbox. */
export interface OutboxChange {
  readonly id: string;
  readonly changeId: string;
  readonly triggerKey: string;
  readonly op: 'insert' | 'update' | 'delete';
  readonly table: string;
  readonly row: unknown;
  readonly old: unknown;
}

export async function reconcileTriggers(pool: Pool, wanted: readonly WantedTrigger[]): Promise<Reconciled> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(INSTALL_LOCK_SQL);
    if (wanted.length === 0 && !(await hasRegistry(client))) {
      // Nothing wanted and nothing ever installed here: leave the database untouched.
      await client.query('COMMIT');
      return { installed: [], dropped: [], failed: new Map() };
    }
    for (const statement of SETUP_SQL) await client.query(statement);
    const registered = await client.query<{
      name: string;
      trigger_key: string;
      table_name: string;
      spec: string;
    }>(`SELECT name, trigger_key, table_name, spec FROM ${CHANGES_SCHEMA}.triggers ORDER BY trigger_key`);
    const wantedByKey = new Map(wanted.map((entry) => [entry.key, entry]));
    const current = new Map(registered.rows.map((row) => [row.trigger_key, row]));
    const dropped: string[] = [];
    for (const row of registered.rows) {
      const want = wantedByKey.get(row.trigger_key);
      if (want !== undefined && want.spec === row.spec) continue;
      for (const statement of dropSql(row.name, row.table_name)) await client.query(statement);
      await client.query(`DELETE FROM ${CHANGES_SCHEMA}.triggers WHERE name = $1`, [row.name]);
      // Changes of a trigger no ensemble wants any more would never start a run.
      if (want === undefined) {
        await client.query(`DELETE FROM ${CHANGES_SCHEMA}.outbox WHERE trigger_key = $1`, [row.trigger_key]);
      }
      current.delete(row.trigger_key);
      dropped.push(row.trigger_key);
    }
    const installed: string[] = [];
    const failed = new Map<string, string>();
    for (const want of wanted) {
      if (current.has(want.key)) continue;
      await client.query('SAVEPOINT install');
      try {
        await install(client, want);
        await client.query('RELEASE SAVEPOINT install');
        installed.push(want.key);
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT install');
        failed.set(want.key, messageOf(error));
      }
    }
    await client.query('COMMIT');
    return { installed, dropped, failed };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function hasRegistry(client: PoolClient): Promise<boolean> {
  const found = await client.query<{ found: boolean }>(
    `SELECT to_regclass('${CHANGES_SCHEMA}.triggers') IS NOT NULL AS found`,
  );
  return found.rows[0]?.found === true;
}

async function install(client: PoolClient, want: WantedTrigger): Promise<void> {
  const { trigger } = want;
  const resolved = await client.query<{ schema: string; name: string }>(RESOLVE_TABLE_SQL, [
    quotedTableName(trigger.table),
  ]);
  const table = resolved.rows[0];
  if (table === undefined) throw new Error(`table ${trigger.table} does not exist`);
  const qualifiedTable = `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
  if (trigger.where !== undefined) {
    for (const statement of whereCheckSql(qualifiedTable, trigger.where)) await client.query(statement);
    await client.query('RESET search_path');
  }
  const name = triggerObjectName(want.key);
  const statements = installSql({
    key: want.key,
    name,
    qualifiedTable,
    table: trigger.table,
    events: trigger.events,
    ...(trigger.where === undefined ? {} : { where: trigger.where }),
  });
  for (const statement of statements) await client.query(statement);
  await client.query(
    `INSERT INTO ${CHANGES_SCHEMA}.triggers (name, trigger_key, table_name, spec) VALUES ($1, $2, $3, $4)`,
    [name, want.key, qualifiedTable, want.spec],
  );
}

/**
 * Takes up to `limit` pending changes of `keys` (oldest first, skipping rows another consumer has
 * taken), lets `handle` start their runs, and deletes them in the same transaction: a change leaves
 * the outbox only once its run is durably queued. Returns how many were handled; when `handle`
 * throws, nothing is deleted and the changes are offered again.
 */
export async function drainOutbox(
  pool: Pool,
  keys: readonly string[],
  limit: number,
  handle: (changes: readonly OutboxChange[]) => Promise<void>,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const taken = await client.query<{
      id: string;
      change_id: string;
      trigger_key: string;
      op: OutboxChange['op'];
      table_name: string;
      new_row: unknown;
      old_row: unknown;
    }>(
      `SELECT id::text AS id, change_id::text AS change_id, trigger_key, op, table_name, new_row, old_row
         FROM ${CHANGES_SCHEMA}.outbox WHERE trigger_key = ANY($1::text[])
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [keys, limit],
    );
    const changes = taken.rows.map((row) => ({
      id: row.id,
      changeId: row.change_id,
      triggerKey: row.trigger_key,
      op: row.op,
      table: row.table_name,
      row: row.new_row,
      old: row.old_row,
    }));
    if (changes.length > 0) {
      await handle(changes);
      await client.query(`DELETE FROM ${CHANGES_SCHEMA}.outbox WHERE id = ANY($1::bigint[])`, [
        changes.map((change) => change.id),
      ]);
    }
    await client.query('COMMIT');
    return changes.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
