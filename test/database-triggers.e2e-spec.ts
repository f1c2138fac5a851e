/**
 * Database triggers against the real services and PostgreSQL: an ensemble with a `database`
 * trigger gets a trigger in the watched database that writes each change to an outbox in the
 * changing transaction; the scheduler holding the lease starts one run per committed change,
 * exactly once (a rolled-back change starts nothing, 1,000 inserts in one transaction start 1,000
 * runs, changes committed while the schedulers are down start their runs when they are back), and
 * removing the ensemble drops the trigger.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, waitFor, type Service } from './support/processes';
import { startStack, type Stack } from './support/stack';

const FIXTURES = join(ROOT, 'test/fixtures/database-triggers');
let stack: Stack;
let db: Client;
/** A second scheduler: only the lease holder consumes, and a change still starts one run. */
let replica: Service;

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: mkdtempSync(join(tmpdir(), 'baton-e2e-empty-')),
    env: ({ database }) => ({ E2E_APP_DATABASE_URL: database.url }),
    only: ['ingress', 'orchestrator', 'worker', 'scheduler', 'projector'],
  });
  replica = await stack.replica('scheduler');
  await replica.start();
  db = new Client({ connectionString: stack.database.url });
  await db.connect();
  await db.query('CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, name text)');
  for (const file of ['user-changes.yaml', 'vip-signups.yaml']) {
    const registered = await register(file);
    expect(registered.status).toBeLessThan(300);
  }
  await waitFor(
    'both triggers installed',
    async () => ((await triggersOn('users')) === 2 ? true : undefined),
    {
      timeoutMs: 30_000,
    },
  );
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

async function register(file: string) {
  const res = await fetch(`${stack.baseUrl}/api/ensembles`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: readFileSync(join(FIXTURES, file), 'utf8'),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function triggersOn(table: string): Promise<number> {
  const found = await db.query(
    `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relname = $1 AND t.tgname LIKE 'baton\\_%'`,
    [table],
  );
  return found.rows[0].n;
}

interface RunRow {
  id: string;
  status: string;
  input: { op: string; table: string; row: any; old: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  output: unknown;
  trigger: Record<string, unknown>;
}

async function runsOf(ensemble: string, where = 'true', params: unknown[] = []): Promise<RunRow[]> {
  const found = await db.query<RunRow>(
    `SELECT id, status, input, output, trigger FROM baton.runs WHERE ensemble = $1 AND (${where}) ORDER BY created_at, id`,
    [ensemble, ...params],
  );
  return found.rows;
}

/** The completed runs of `ensemble` matching `where`, once there are `count` of them. */
async function completed(
  ensemble: string,
  count: number,
  where = 'true',
  params: unknown[] = [],
  timeoutMs = 60_000,
) {
  return waitFor(
    `${count} completed runs of ${ensemble}`,
    async () => {
      const runs = await runsOf(ensemble, where, params);
      return runs.length >= count && runs.every((run) => run.status === 'completed') ? runs : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

async function outboxSize(): Promise<number> {
  return (await db.query('SELECT count(*)::int AS n FROM baton_changes.outbox')).rows[0].n;
}

describe('registering a database trigger', () => {
  it('refuses a where clause that is more than one condition, with 422 naming the field', async () => {
    const refused = await register('bad-where.yaml');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('triggers[0].where');
    expect(JSON.stringify(refused.body)).toContain("may not contain ';'");
  });
});

describe('a database trigger', () => {
  it('starts one run per insert, update and delete, with the rows as input', async () => {
    await db.query(`INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada')`);
    await db.query(`UPDATE users SET name = 'Ada L.' WHERE email = 'ada@example.com'`);
    await db.query(`DELETE FROM users WHERE email = 'ada@example.com'`);
    const runs = await completed(
      'user-changes',
      3,
      "input->'row'->>'email' = 'ada@example.com' OR input->'old'->>'email' = 'ada@example.com'",
    );
    const byOp = Object.fromEntries(runs.map((run) => [run.input.op, run]));
    expect(Object.keys(byOp).sort()).toEqual(['delete', 'insert', 'update']);
    expect(byOp.insert.input).toEqual({
      op: 'insert',
      table: 'users',
      row: { id: expect.any(Number), email: 'ada@example.com', name: 'Ada' },
      old: null,
    });
    expect(byOp.update.input).toMatchObject({ op: 'update', row: { name: 'Ada L.' }, old: { name: 'Ada' } });
    expect(byOp.delete.input).toMatchObject({ op: 'delete', row: null, old: { name: 'Ada L.' } });
    expect(byOp.update.output).toEqual({ op: 'update', trigger: 'database' });
    expect(byOp.insert.trigger).toMatchObject({
      type: 'database',
      table: 'users',
      op: 'insert',
      changeId: expect.any(String),
    });
  }, 90_000);

  it('starts runs only for the changes its where matches, on the connection it names', async () => {
    await db.query(`INSERT INTO users (email) VALUES ('max@vip.example'), ('joe@example.com')`);
    const [vip] = await completed('vip-signups', 1);
    expect(vip.output).toBe('max@vip.example');
    // The plain insert was seen by the other trigger, so it was committed as the vip one was.
    await completed('user-changes', 1, "input->'row'->>'email' = 'joe@example.com'");
    expect(await runsOf('vip-signups')).toHaveLength(1);
  }, 90_000);

  it('starts nothing for a rolled-back transaction', async () => {
    await db.query('BEGIN');
    await db.query(`INSERT INTO users (email) VALUES ('rolled-back@vip.example')`);
    await db.query('ROLLBACK');
    await db.query(`INSERT INTO users (email) VALUES ('after-rollback@example.com')`);
    // Changes are consumed in commit order: once the later one has its run, the earlier one had its chance.
    await completed('user-changes', 1, "input->'row'->>'email' = 'after-rollback@example.com'");
    expect(await runsOf('user-changes', "input->'row'->>'email' = 'rolled-back@vip.example'")).toEqual([]);
    expect(await runsOf('vip-signups', "input->'row'->>'email' = 'rolled-back@vip.example'")).toEqual([]);
  }, 90_000);

  it('starts exactly 1,000 runs for 1,000 inserts in one transaction, with two schedulers', async () => {
    await db.query(
      `INSERT INTO users (email, name) SELECT 'bulk-' || i || '@example.com', 'bulk' FROM generate_series(1, 1000) AS i`,
    );
    const bulk = "input->'row'->>'name' = 'bulk'";
    const runs = await completed('user-changes', 1000, bulk, [], 240_000);
    expect(runs).toHaveLength(1000);
    expect(new Set(runs.map((run) => run.input.row.email)).size).toBe(1000);
    await waitFor('the outbox to empty', async () => ((await outboxSize()) === 0 ? true : undefined));
    expect(await runsOf('user-changes', bulk)).toHaveLength(1000);
  }, 300_000);

  it('starts the runs of changes committed while the schedulers were down once they are back, each once', async () => {
    const insert = (i: number) =>
      db.query(`INSERT INTO users (email, name) VALUES ($1, 'restart')`, [`restart-${i}@example.com`]);
    for (let i = 0; i < 20; i++) await insert(i);
    // Killed mid-stream: the lease expires rather than being handed over, and some changes may be
    // taken but not deleted.
    await Promise.all([stack.services.scheduler.kill('SIGKILL'), replica.kill('SIGKILL')]);
    for (let i = 20; i < 60; i++) await insert(i);
    expect(await outboxSize()).toBeGreaterThanOrEqual(40);
    await Promise.all([stack.services.scheduler.start(), replica.start()]);
    const restart = "input->'row'->>'name' = 'restart'";
    const runs = await completed('user-changes', 60, restart, [], 120_000);
    expect(new Set(runs.map((run) => run.input.row.email)).size).toBe(60);
    await waitFor('the outbox to empty', async () => ((await outboxSize()) === 0 ? true : undefined));
    expect(await runsOf('user-changes', restart)).toHaveLength(60);
  }, 180_000);

  it('is dropped with its ensemble: DELETE /api/ensembles/<name> removes the trigger and its pending changes', async () => {
    const removed = await stack.api('/api/ensembles/vip-signups', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    await waitFor(
      'the vip trigger dropped',
      async () => ((await triggersOn('users')) === 1 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    const functions = await db.query(
      `SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'baton_changes'`,
    );
    expect(functions.rows[0].n).toBe(1);
    await db.query(`INSERT INTO users (email) VALUES ('late@vip.example')`);
    await completed('user-changes', 1, "input->'row'->>'email' = 'late@vip.example'");
    const pending = await db.query(
      `SELECT count(*)::int AS n FROM baton_changes.outbox WHERE trigger_key LIKE 'vip-signups:%'`,
    );
    expect(pending.rows[0].n).toBe(0);
    expect(await runsOf('vip-signups', "input->'row'->>'email' = 'late@vip.example'")).toEqual([]);
  }, 90_000);
});
