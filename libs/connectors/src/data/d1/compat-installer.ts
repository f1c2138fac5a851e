/**
 * Installs the SQLite compatibility schema (compat-sql.ts) in a data database on first use by a
 * `backend: d1` statement: once per pool, checked against the version recorded in the database,
 * and under a transaction-scoped advisory lock so that workers starting together install it once
 * (the others wait, then find it installed).
 */
import type { Pool } from 'pg';
import { COMPAT_SCHEMA, COMPAT_VERSION, compatScript } from './compat-sql';

/** pg_advisory_xact_lock key: "baton-d1" as two 32-bit halves, so it meets no other lock. */
const LOCK_KEYS = [0x6261746f, 0x6e2d6431];

const installed = new WeakMap<Pool, Promise<void>>();

/** Resolves once the schema is installed and current in the pool's database. */
export function ensureSqliteCompat(pool: Pool): Promise<void> {
  let done = installed.get(pool);
  if (done === undefined) {
    done = install(pool);
    installed.set(pool, done);
    // A failure (no CREATE privilege, the database down) is not remembered: the next statement retries.
    done.catch(() => installed.delete(pool));
  }
  return done;
}

async function install(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', LOCK_KEYS);
    const { rows } = await client.query<{ present: boolean }>(
      `SELECT to_regprocedure('${COMPAT_SCHEMA}.compat_version()') IS NOT NULL AS present`,
    );
    const current =
      rows[0]?.present === true
        ? (await client.query<{ version: number }>(`SELECT ${COMPAT_SCHEMA}.compat_version() AS version`))
            .rows[0]?.version
        : undefined;
    // An older version is upgraded; a newer one (installed by a newer Baton) is left alone.
    if (current === undefined || current < COMPAT_VERSION) await client.query(compatScript());
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
