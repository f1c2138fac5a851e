/**
 * `backend: d1` against SQLite itself: the seed-style statements of Conductor's playbook (the daily
 * report's metrics, activity counts with GROUP BY, idempotency lookups, INSERT OR IGNORE/REPLACE,
 * AUTOINCREMENT tables) run unmodified through the worker's executeTask on real PostgreSQL tables,
 * and give what SQLite (sql.js, the oracle) gives for the same statements and data.
 */
import type { EnsembleDefinition } from '@baton/model';
import { Client } from 'pg';
import { testDeps, type TestDeps } from '../../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../../__fixtures__/ensemble-fixture';
import { executeTask } from '../../execute-task';
import type { TaskOutcome } from '../../outcome';
import { SqliteOracle } from './testing/sqlite-oracle';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `baton_d1_${process.pid}_${Date.now()}`;
const DATABASE_URL = `${SERVER_URL}/${DATABASE}`;
const HOUR = 3_600_000;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     user_id TEXT NOT NULL,
     type TEXT NOT NULL,
     payload TEXT,
     created_at INTEGER NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS idx_events_created_at ON events (created_at)',
  `CREATE TABLE IF NOT EXISTS processed_webhooks (
     id TEXT PRIMARY KEY,
     source TEXT,
     processed_at DATETIME DEFAULT CURRENT_TIMESTAMP
   )`,
  `CREATE TABLE IF NOT EXISTS users (
     id TEXT PRIMARY KEY,
     email TEXT UNIQUE NOT NULL,
     name TEXT,
     plan TEXT DEFAULT 'free',
     signups INTEGER DEFAULT 0
   )`,
  'CREATE TABLE IF NOT EXISTS audit (line TEXT)',
];

// Hours ago, away from the 1-day and 7-day boundaries so that the two engines' `now` agree.
const EVENTS: [string, string, number, number | null][] = [
  ['u1', 'signup', 1, null],
  ['u1', 'purchase', 2, 30],
  ['u2', 'login', 5, null],
  ['u2', 'purchase', 10, 12],
  ['u3', 'signup', 23, null],
  ['u1', 'login', 30, null],
  ['u3', 'purchase', 50, 7],
  ['u2', 'login', 100, null],
  ['u4', 'signup', 200, null],
  ['u4', 'purchase', 300, 99],
];

describe('backend d1: SQLite-flavoured SQL on PostgreSQL, compared with SQLite', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  let oracle: SqliteOracle;

  const run = (agent: string, sql: string, params: readonly unknown[] = []): Promise<TaskOutcome> =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input: { sql, params } } }),
      definition,
      deps,
    );
  const rowsOf = async (
    sql: string,
    params: readonly unknown[] = [],
    agent = 'd1-query',
  ): Promise<unknown> => {
    const outcome = await run(agent, sql, params);
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    return outcome.output;
  };
  /** Runs a statement on both engines; the rows PostgreSQL changed must be SQLite's. */
  const executeBoth = async (sql: string, params: readonly unknown[] = []): Promise<void> => {
    const changed = oracle.execute(sql, params);
    expect(await run('d1-execute', sql, params)).toEqual({
      ok: true,
      output: { success: true, rowCount: changed },
    });
  };
  const expectSameRows = async (sql: string, params: readonly unknown[] = []): Promise<void> => {
    expect(await rowsOf(sql, params)).toEqual(oracle.query(sql, params));
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${DATABASE}`);
    definition = loadEnsembleFixture('d1.yaml');
    deps = testDeps({ DATA_DATABASE_URL: DATABASE_URL });
    oracle = await SqliteOracle.open();
    for (const statement of SCHEMA) await executeBoth(statement);
    const now = Date.now();
    for (const [user, type, hoursAgo, amount] of EVENTS) {
      await executeBoth('INSERT INTO events (user_id, type, payload, created_at) VALUES (?, ?, ?, ?)', [
        user,
        type,
        amount === null ? null : JSON.stringify({ amount }),
        now - hoursAgo * HOUR,
      ]);
    }
    // A database, the compatibility functions and the rows: seconds on a machine busy with other suites.
  }, 60_000);
  afterAll(async () => {
    oracle.close();
    await deps.release();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  });

  describe("the playbook's seed-style queries", () => {
    it("the daily report's metrics: created_at >= strftime('%s', 'now', '-1 day') * 1000", async () => {
      const sql = `SELECT COUNT(*) AS total, COUNT(DISTINCT user_id) AS users
                   FROM events WHERE created_at >= strftime('%s', 'now', '-1 day') * 1000`;
      expect(await rowsOf(sql)).toEqual([{ total: 5, users: 3 }]);
      await expectSameRows(sql);
    });

    it('activity counts with GROUP BY over the last week', async () => {
      await expectSameRows(
        `SELECT type, COUNT(*) AS count FROM events
         WHERE created_at >= strftime('%s', 'now', '-7 days') * 1000
         GROUP BY type ORDER BY count DESC, type`,
      );
    });

    it('per-user totals with ifnull, json_extract, total and CAST', async () => {
      await expectSameRows(
        `SELECT user_id, COUNT(*) AS events,
                ifnull(SUM(CAST(json_extract(payload, '$.amount') AS INTEGER)), 0) AS amount,
                total(CAST(json_extract(payload, '$.amount') AS REAL)) AS amount_total
         FROM events GROUP BY user_id ORDER BY user_id`,
      );
    });

    it('daily buckets with date(…, unixepoch)', async () => {
      await expectSameRows(
        `SELECT date(created_at / 1000, 'unixepoch') AS day, COUNT(*) AS n
         FROM events GROUP BY day ORDER BY day`,
      );
    });

    it('the latest events with datetime(…, unixepoch) and a LIMIT parameter', async () => {
      await expectSameRows(
        `SELECT id, user_id, type, datetime(created_at / 1000, 'unixepoch') AS at
         FROM events ORDER BY created_at DESC LIMIT ?`,
        [3],
      );
    });

    it('group_concat collects each group (in no particular order, as in SQLite)', async () => {
      const sql = 'SELECT user_id, group_concat(type) AS types FROM events GROUP BY user_id ORDER BY user_id';
      const sorted = (rows: unknown) =>
        (rows as { user_id: string; types: string }[]).map((row) => ({
          ...row,
          types: row.types.split(',').sort().join(','),
        }));
      expect(sorted(await rowsOf(sql))).toEqual(sorted(oracle.query(sql)));
    });

    it('|| on numbers and text, LIMIT offset, count', async () => {
      await expectSameRows(
        `SELECT 'user-' || user_id AS label, id || '' AS id_text, id || 1 AS glued
         FROM events ORDER BY id LIMIT 2, 3`,
      );
    });

    it('ids from AUTOINCREMENT are assigned as SQLite assigns them (RETURNING)', async () => {
      const sql = 'INSERT INTO events (user_id, type, created_at) VALUES (?, ?, ?) RETURNING id';
      const params = ['u9', 'login', 0];
      const expected = oracle.query(sql, params);
      expect(await run('d1-execute', sql, params)).toEqual({ ok: true, output: expected });
    });
  });

  describe('idempotency', () => {
    it('INSERT OR IGNORE records a webhook once, and the lookup finds it', async () => {
      const lookup = 'SELECT COUNT(*) AS seen FROM processed_webhooks WHERE id = ?';
      await expectSameRows(lookup, ['evt_1']);
      await executeBoth('INSERT OR IGNORE INTO processed_webhooks (id, source) VALUES (?, ?)', [
        'evt_1',
        'stripe',
      ]);
      await executeBoth('INSERT OR IGNORE INTO processed_webhooks (id, source) VALUES (?, ?)', [
        'evt_1',
        'again',
      ]);
      await expectSameRows(lookup, ['evt_1']);
      await expectSameRows('SELECT id, source FROM processed_webhooks WHERE id = ?', ['evt_1']);
    });

    it('DEFAULT CURRENT_TIMESTAMP is SQLite text', async () => {
      const [row] = (await rowsOf('SELECT processed_at FROM processed_webhooks')) as {
        processed_at: string;
      }[];
      const [expected] = oracle.query('SELECT processed_at FROM processed_webhooks') as {
        processed_at: string;
      }[];
      expect(row.processed_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(expected.processed_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });

    it('INSERT OR REPLACE and REPLACE INTO replace the row on its primary key, unlisted columns reset', async () => {
      await executeBoth('INSERT INTO users (id, email, name) VALUES (?, ?, ?)', [
        'ada',
        'ada@example.com',
        'Ada',
      ]);
      await executeBoth("UPDATE users SET plan = 'pro', signups = 3 WHERE id = ?", ['ada']);
      await executeBoth('INSERT OR REPLACE INTO users (id, email, name) VALUES (?, ?, ?)', [
        'ada',
        'ada@example.com',
        'Ada L.',
      ]);
      await executeBoth('REPLACE INTO users (id, email, name, plan) VALUES (?, ?, ?, ?)', [
        'grace',
        'grace@EXAMPLE.com',
        'Grace',
        'team',
      ]);
      await executeBoth('INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?)', [
        'grace',
        'g@example.com',
        'G',
        'pro',
        1,
      ]);
      await expectSameRows('SELECT * FROM users ORDER BY id');
    });

    it("SQLite's own upsert syntax runs as it is", async () => {
      const upsert =
        'INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET signups = signups + 1';
      await executeBoth(upsert, ['ada', 'ada@example.com']);
      await executeBoth(upsert, ['ada', 'ada@example.com']);
      await expectSameRows('SELECT id, signups FROM users ORDER BY id');
    });

    it('LIKE ignores case, as in SQLite', async () => {
      await expectSameRows(
        "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@example.COM' AND name LIKE 'g%'",
      );
    });
  });

  describe('the compatibility functions give what SQLite gives', () => {
    it.each([
      "strftime('%Y-%m-%d %H:%M:%S', '2024-01-31 10:20:30', '+1 month')",
      "strftime('%Y-%m-%d', '2024-03-15', 'start of month', '-1 day')",
      "strftime('%Y-%m-%d', '2024-01-16', 'weekday 0')",
      "strftime('%Y-%m-%d', '2024-01-15', 'start of year', '+45 days')",
      "strftime('%H:%M:%f', '2024-01-15 09:05:03.250')",
      "strftime('%j %w %W %U %u %V %G %g %e %k %l %I %p %P %R %T %F %%', '2024-01-15 21:05:03')",
      "strftime('%d/%m/%Y', '2023-12-31T23:59:59Z')",
      "strftime('%s', '2024-01-15T09:05:03Z')",
      "strftime('%s', '2024-01-15 10:05:03+01:00')",
      "strftime('%Y-%m-%d %H:%M', 1705309503, 'unixepoch')",
      "strftime('%Y-%m-%d %H:%M', 2460324.87850)",
      "datetime('2024-01-15 09:05:03', '+90 minutes', '-30 seconds')",
      "datetime('2024-01-15', '+1.5 days')",
      "datetime('2024-01-15 09:05', '-02:30')",
      "date('2024-02-29', '+1 year')",
      "date('2023-02-30')",
      "time('12:34:56', '+1 hour')",
      "time('23:30')",
      "julianday('2024-01-15 12:00:00')",
      "unixepoch('2024-01-15 09:05:03')",
      "datetime('garbage')",
      "strftime('%Y', '2024-13-01')",
      "datetime('2024-01-15', '+1 fortnight')",
      "ifnull(NULL, 'fallback')",
      'ifnull(5, 0)',
      "instr('hello world', 'wor')",
      "instr('abc', 'z')",
      "iif(2 > 1, 'yes', 'no')",
      `json_extract('{"a":{"b":[10,20,{"c":"x"}]}}', '$.a.b[2].c')`,
      `json_extract('{"a":["x","y","z"]}', '$.a[#-1]')`,
      `CAST(json_extract('{"n": 42}', '$.n') AS INTEGER)`,
      "'10' * 3",
      "'7' / 2",
      "'7.5' + 1",
      "10 - '3'",
      '5 || 6',
      'max(3, 7)',
      'min(3, 7)',
      "length('héllo')",
      "upper('abc') || lower('DEF')",
      "replace('a-b-c', '-', '+')",
      "substr('abcdef', 2, 3)",
      'abs(-4)',
      'coalesce(NULL, 2)',
      "CASE WHEN '5' > 3 THEN 'numeric' ELSE 'text' END",
    ])('%s', async (expression) => {
      await expectSameRows(`SELECT ${expression} AS v`);
    });

    it("'now' is the statement's time, in UTC", async () => {
      const [{ v }] = (await rowsOf("SELECT strftime('%s', 'now') AS v")) as { v: string }[];
      expect(Math.abs(Number(v) * 1000 - Date.now())).toBeLessThan(60_000);
    });
  });

  describe('other statements', () => {
    it('PostgreSQL-flavoured d1 statements (the examples) still run as written', async () => {
      expect(await rowsOf("SELECT to_regclass('public.webhook_events') IS NOT NULL AS present")).toEqual([
        { present: false },
      ]);
      expect(await rowsOf('SELECT (now() - make_interval(hours => ?)) < now() AS earlier', [24])).toEqual([
        { earlier: true },
      ]);
    });

    it('storage type d1 translates too', async () => {
      expect(
        await run('storage-d1', 'SELECT COUNT(*) AS n FROM users WHERE email LIKE ?', ['%EXAMPLE.COM']),
      ).toEqual({
        ok: true,
        output: { rows: [{ n: 2 }] },
      });
    });

    it('backend postgres and plain connections run SQL as written', async () => {
      expect(
        await rowsOf("SELECT COUNT(*) AS n FROM users WHERE email LIKE '%EXAMPLE.COM'", [], 'postgres-query'),
      ).toEqual([{ n: 0 }]);
      expect(await run('postgres-query', 'SELECT 5 || 6 AS v')).toMatchObject({
        ok: false,
        error: { code: 'sql-42883' },
      });
      expect(await run('connection-query', "SELECT strftime('%s', 'now') AS v")).toMatchObject({
        ok: false,
        error: { code: 'sql-42883' },
      });
    });

    it.each([
      ['INSERT OR REPLACE', 'INSERT OR REPLACE INTO audit (line) VALUES (?)', ['x']],
      ['GLOB', "SELECT COUNT(*) AS n FROM users WHERE name GLOB 'A*'", []],
      ['PRAGMA', 'PRAGMA table_info(users)', []],
    ])('%s cannot be translated: the agent fails, naming it', async (construct, sql, params) => {
      const outcome = await run('d1-execute', sql, params);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'sql-untranslatable' }, retryable: false });
      expect((outcome as { error: { message: string } }).error.message).toContain(construct);
    });
  });
});
