import type { EnsembleDefinition } from '@baton/model';
import { Client } from 'pg';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { executeTask } from '../execute-task';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `baton_connectors_${process.pid}_${Date.now()}`;
const DATABASE_URL = `${SERVER_URL}/${DATABASE}`;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('data operation', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  const run = (agent: string, input: unknown = {}) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${DATABASE}`);
    definition = loadEnsembleFixture('data.yaml');
    deps = testDeps({ SHOP_DATABASE_URL: DATABASE_URL, DATA_DATABASE_URL: DATABASE_URL });
    expect(await run('create-table')).toEqual({ ok: true, output: { success: true, rowCount: 0 } });
  });
  afterAll(async () => {
    await deps.release();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  });

  it('executes a statement and returns its row count', async () => {
    const outcome = await run('insert-order', { customer: 'ada', details: { color: 'red', sizes: [1, 2] } });
    expect(outcome).toEqual({ ok: true, output: { success: true, rowCount: 1 } });
  });

  it('returns the rows of an execute with RETURNING, 64-bit ids as numbers', async () => {
    const outcome = await run('insert-returning', { customer: 'grace' });
    expect(outcome).toMatchObject({ ok: true, output: [{ id: expect.any(Number), customer: 'grace' }] });
  });

  it('queries with ? placeholders, leaving ? in string literals and ?? as the jsonb operator, and binds objects as JSON', async () => {
    await run('insert-order', { customer: 'linus', details: { color: 'blue' } });
    const outcome = await run('orders-of', { customer: 'linus' });
    expect(outcome).toEqual({
      ok: true,
      output: [
        {
          customer: 'linus',
          note: 'why? because',
          details: { color: 'blue' },
          color: 'blue',
          has_color: true,
        },
      ],
    });
  });

  it('returns counts and sums as numbers and a 64-bit integer beyond 2^53 as exact text', async () => {
    const outcome = await run('count-orders');
    expect(outcome).toMatchObject({
      ok: true,
      output: [{ n: expect.any(Number), total: expect.any(Number), big: '9007199254740993' }],
    });
    const [row] = (outcome as { output: Array<{ n: number }> }).output;
    expect(row.n).toBeGreaterThanOrEqual(3);
  });

  it('binds a ? in code but not the one inside a literal', async () => {
    const outcome = await run('mark-all', { note: 'checked' });
    expect(outcome).toMatchObject({ ok: true, output: { success: true, rowCount: expect.any(Number) } });
    const rows = await run('orders-of', { customer: 'ada' });
    expect(rows).toMatchObject({ ok: true, output: [{ note: 'checked' }] });
  });

  it('fails an SQL error with its SQLSTATE, not retryable', async () => {
    expect(await run('missing-table')).toEqual({
      ok: false,
      error: { code: 'sql-42P01', message: 'relation "no_such_table" does not exist' },
      retryable: false,
    });
  });

  it('refuses params that do not match the placeholders', async () => {
    expect(await run('wrong-param-count')).toMatchObject({
      ok: false,
      error: { code: 'invalid-config', message: 'the SQL has 2 ? placeholder(s) but 1 param(s) were given' },
    });
  });

  it('uses DATA_DATABASE_URL for backend d1 with a binding', async () => {
    expect(await run('default-connection')).toEqual({ ok: true, output: [{ db: DATABASE }] });
  });

  it('fails an unreachable database as retryable', async () => {
    expect(await run('database-down')).toMatchObject({
      ok: false,
      error: { code: 'data-unavailable' },
      retryable: true,
    });
  });

  it('answers a storage d1 query with its rows', async () => {
    expect(await run('storage-query', { customer: 'grace' })).toEqual({
      ok: true,
      output: { rows: [{ customer: 'grace' }] },
    });
  });
});
