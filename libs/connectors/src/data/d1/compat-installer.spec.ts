/**
 * The compatibility schema is installed once per database, safely when several workers start
 * together, again when an older version is found, and its absence is explained when the data
 * database's user may not create it.
 */
import { Client } from 'pg';
import { testDeps } from '../../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../../__fixtures__/ensemble-fixture';
import { executeTask } from '../../execute-task';
import { PostgresPools } from '../postgres-pools';
import { COMPAT_SCHEMA, COMPAT_VERSION } from './compat-sql';
import { ensureSqliteCompat } from './compat-installer';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `baton_d1_install_${process.pid}_${Date.now()}`;
const DATABASE_URL = `${SERVER_URL}/${DATABASE}`;
const ROLE = `baton_d1_reader_${process.pid}`;

async function sql(url: string, text: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('installing the SQLite compatibility schema', () => {
  beforeAll(async () => {
    await sql(`${SERVER_URL}/postgres`, `CREATE DATABASE ${DATABASE}`);
    await sql(`${SERVER_URL}/postgres`, `DROP ROLE IF EXISTS ${ROLE}`);
    await sql(`${SERVER_URL}/postgres`, `CREATE ROLE ${ROLE} LOGIN`);
  });
  afterAll(async () => {
    await sql(`${SERVER_URL}/postgres`, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await sql(`${SERVER_URL}/postgres`, `DROP ROLE IF EXISTS ${ROLE}`);
  });

  it('workers starting together install it once, and every one can use it', async () => {
    const workers = Array.from({ length: 4 }, () => new PostgresPools({ max: 2 }));
    try {
      const answers = await Promise.all(
        workers.map(async (pools) => {
          const pool = pools.pool(DATABASE_URL, { sqlite: true });
          await ensureSqliteCompat(pool);
          return (await pool.query("SELECT strftime('%Y', '2024-05-01') AS year")).rows;
        }),
      );
      expect(answers).toEqual(Array.from({ length: 4 }, () => [{ year: '2024' }]));
    } finally {
      await Promise.all(workers.map((pools) => pools.close()));
    }
    expect(await sql(DATABASE_URL, `SELECT ${COMPAT_SCHEMA}.compat_version() AS version`)).toEqual([
      { version: COMPAT_VERSION },
    ]);
  });

  it('installing again changes nothing; an older version is upgraded', async () => {
    await sql(
      DATABASE_URL,
      `CREATE OR REPLACE FUNCTION ${COMPAT_SCHEMA}.compat_version() RETURNS integer LANGUAGE sql AS 'SELECT 0'`,
    );
    const pools = new PostgresPools();
    try {
      await ensureSqliteCompat(pools.pool(DATABASE_URL, { sqlite: true }));
    } finally {
      await pools.close();
    }
    expect(await sql(DATABASE_URL, `SELECT ${COMPAT_SCHEMA}.compat_version() AS version`)).toEqual([
      { version: COMPAT_VERSION },
    ]);
  });

  it('the search path that finds it is only that of d1 statements', async () => {
    const pools = new PostgresPools();
    try {
      const plain = await pools.pool(DATABASE_URL).query('SHOW search_path');
      const sqlite = await pools.pool(DATABASE_URL, { sqlite: true }).query('SHOW search_path');
      expect(plain.rows).toEqual([{ search_path: '"$user", public' }]);
      expect(sqlite.rows).toEqual([{ search_path: `"$user",public,${COMPAT_SCHEMA}` }]);
    } finally {
      await pools.close();
    }
  });

  it("a URL's own options are kept beside the search path", async () => {
    const pools = new PostgresPools();
    try {
      const url = `${DATABASE_URL}?options=${encodeURIComponent('-c statement_timeout=4321')}`;
      const pool = pools.pool(url, { sqlite: true });
      expect((await pool.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '4321ms' }]);
      expect((await pool.query('SHOW search_path')).rows).toEqual([
        { search_path: `"$user",public,${COMPAT_SCHEMA}` },
      ]);
    } finally {
      await pools.close();
    }
  });

  it('a user who may not create it gets a message saying what failed', async () => {
    const other = `baton_d1_other_${process.pid}_${Date.now()}`;
    await sql(`${SERVER_URL}/postgres`, `CREATE DATABASE ${other}`);
    const definition = loadEnsembleFixture('d1.yaml');
    const deps = testDeps({ DATA_DATABASE_URL: `postgres://${ROLE}@127.0.0.1:5432/${other}` });
    try {
      const task = taskFor(definition, 'd1-query', {
        scope: { ...taskFor(definition, 'd1-query').scope, input: { sql: 'SELECT 1 AS one' } },
      });
      const outcome = await executeTask(task, definition, deps);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'sql-42501' }, retryable: false });
      expect((outcome as { error: { message: string } }).error.message).toContain(
        `backend d1: installing the SQLite compatibility functions (schema ${COMPAT_SCHEMA}) failed`,
      );
    } finally {
      await deps.release();
      await sql(`${SERVER_URL}/postgres`, `DROP DATABASE IF EXISTS ${other} WITH (FORCE)`);
    }
  });
});
