/**
 * Installing, dropping and consuming database triggers against a real PostgreSQL: what the worker
 * holding the lease does in each watched database.
 */
import { Client } from 'pg';
import type { DatabaseTrigger } from '@baton/model';
import { PostgresPools } from '../data/postgres-pools';
import { drainOutbox, reconcileTriggers, type OutboxChange, type WantedTrigger } from './change-outbox';
import { triggerSpec } from './trigger-sql';

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `baton_db_triggers_${process.pid}_${Date.now()}`;
const DATABASE_URL = `${SERVER_URL}/${DATABASE}`;
const APP_ROLE = `baton_db_triggers_app_${process.pid}`;

async function sql(text: string, url = DATABASE_URL): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

function wanted(key: string, trigger: Omit<DatabaseTrigger, 'type'>): WantedTrigger {
  const full: DatabaseTrigger = { type: 'database', ...trigger };
  return { key, trigger: full, spec: triggerSpec(full) };
}

async function drained(pools: PostgresPools, keys: string[]): Promise<OutboxChange[]> {
  const seen: OutboxChange[] = [];
  while (
    (await drainOutbox(pools.pool(DATABASE_URL), keys, 100, async (changes) => void seen.push(...changes))) >
    0
  );
  return seen;
}

const pools = new PostgresPools({ max: 4 });

beforeAll(async () => {
  await sql(`CREATE DATABASE ${DATABASE}`, `${SERVER_URL}/postgres`);
  await sql(`DROP ROLE IF EXISTS ${APP_ROLE}`, `${SERVER_URL}/postgres`);
  await sql(`CREATE ROLE ${APP_ROLE} LOGIN`, `${SERVER_URL}/postgres`);
  await sql(
    `CREATE TABLE orders (id serial PRIMARY KEY, status text NOT NULL, total int NOT NULL DEFAULT 0)`,
  );
  await sql(`CREATE SCHEMA shop; CREATE TABLE shop."Items" (sku text PRIMARY KEY)`);
  await sql(
    `GRANT INSERT, UPDATE ON orders TO ${APP_ROLE}; GRANT USAGE ON SEQUENCE orders_id_seq TO ${APP_ROLE}`,
  );
});

afterAll(async () => {
  await pools.close();
  await sql(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`, `${SERVER_URL}/postgres`);
  await sql(`DROP ROLE IF EXISTS ${APP_ROLE}`, `${SERVER_URL}/postgres`);
});

afterEach(async () => {
  await reconcileTriggers(pools.pool(DATABASE_URL), []);
});

describe('database trigger installation', () => {
  it('leaves a database untouched while no trigger is wanted there', async () => {
    await sql('DROP SCHEMA IF EXISTS baton_changes CASCADE');
    await expect(reconcileTriggers(pools.pool(DATABASE_URL), [])).resolves.toEqual({
      installed: [],
      dropped: [],
      failed: new Map(),
    });
    expect(await sql(`SELECT to_regnamespace('baton_changes') AS found`)).toEqual([{ found: null }]);
  });

  it('writes each committed change to the outbox in its transaction, and nothing of a rolled-back one', async () => {
    const pool = pools.pool(DATABASE_URL);
    const outcome = await reconcileTriggers(pool, [
      wanted('orders:0', { table: 'orders', events: ['insert', 'update', 'delete'] }),
    ]);
    expect(outcome.installed).toEqual(['orders:0']);
    await sql(`INSERT INTO orders (status) VALUES ('new')`);
    await sql(`BEGIN; INSERT INTO orders (status) VALUES ('rolled back'); ROLLBACK`);
    await sql(`UPDATE orders SET status = 'paid' WHERE status = 'new'`);
    await sql(`DELETE FROM orders WHERE status = 'paid'`);
    const changes = await drained(pools, ['orders:0']);
    expect(changes.map(({ op, table, row, old }) => ({ op, table, row, old }))).toEqual([
      { op: 'insert', table: 'orders', row: { id: 1, status: 'new', total: 0 }, old: null },
      {
        op: 'update',
        table: 'orders',
        row: { id: 1, status: 'paid', total: 0 },
        old: { id: 1, status: 'new', total: 0 },
      },
      { op: 'delete', table: 'orders', row: null, old: { id: 1, status: 'paid', total: 0 } },
    ]);
    expect(new Set(changes.map((change) => change.changeId)).size).toBe(3);
    expect(await drained(pools, ['orders:0'])).toEqual([]);
  });

  it('records only the events asked for, and only the changes its where matches', async () => {
    await reconcileTriggers(pools.pool(DATABASE_URL), [
      wanted('big:0', {
        table: 'public.orders',
        events: ['update'],
        where: "NEW.total > 100 AND OLD.status = 'new'",
      }),
    ]);
    await sql(`INSERT INTO orders (status, total) VALUES ('new', 500), ('new', 5)`);
    await sql(`UPDATE orders SET total = total + 1`);
    const changes = await drained(pools, ['big:0']);
    expect(
      changes.map((change) => [change.op, change.table, (change.row as { total: number }).total]),
    ).toEqual([['update', 'public.orders', 501]]);
  });

  it('quotes the table as written: a mixed-case table of another schema', async () => {
    const outcome = await reconcileTriggers(pools.pool(DATABASE_URL), [
      wanted('items:0', { table: 'shop.Items', events: ['insert'] }),
    ]);
    expect(outcome.failed).toEqual(new Map());
    await sql(`INSERT INTO shop."Items" VALUES ('sku-1')`);
    expect((await drained(pools, ['items:0'])).map((change) => change.row)).toEqual([{ sku: 'sku-1' }]);
  });

  it('refuses at install a where PostgreSQL cannot plan or a missing table, and the table keeps taking writes', async () => {
    const outcome = await reconcileTriggers(pools.pool(DATABASE_URL), [
      wanted('bad:0', { table: 'orders', events: ['insert'], where: 'NEW.no_such_column = 1' }),
      wanted('bad:1', { table: 'no_such_table', events: ['insert'] }),
      wanted('good:0', { table: 'orders', events: ['insert'] }),
    ]);
    expect(outcome.installed).toEqual(['good:0']);
    expect(outcome.failed.get('bad:0')).toMatch(/no_such_column/);
    expect(outcome.failed.get('bad:1')).toBe('table no_such_table does not exist');
    await sql(`INSERT INTO orders (status) VALUES ('still writable')`);
    expect(await drained(pools, ['good:0', 'bad:0'])).toHaveLength(1);
  });

  it('needs no right on the outbox from the roles that write the table', async () => {
    await reconcileTriggers(pools.pool(DATABASE_URL), [
      wanted('orders:0', { table: 'orders', events: ['insert'] }),
    ]);
    const url = new URL(DATABASE_URL);
    url.username = APP_ROLE;
    await sql(`INSERT INTO orders (status) VALUES ('from the app')`, url.toString());
    expect(
      (await drained(pools, ['orders:0'])).map((change) => (change.row as { status: string }).status),
    ).toEqual(['from the app']);
  });

  it('drops what no ensemble wants any more, with its pending changes, and replaces a changed trigger', async () => {
    const pool = pools.pool(DATABASE_URL);
    await reconcileTriggers(pool, [
      wanted('keep:0', { table: 'orders', events: ['insert'] }),
      wanted('gone:0', { table: 'orders', events: ['insert'] }),
    ]);
    await sql(`INSERT INTO orders (status) VALUES ('pending')`);
    const outcome = await reconcileTriggers(pool, [
      wanted('keep:0', { table: 'orders', events: ['delete'] }),
    ]);
    expect(outcome).toEqual({
      installed: ['keep:0'],
      dropped: ['gone:0', 'keep:0'],
      failed: new Map(),
    });
    const triggers = await sql(
      `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND NOT tgisinternal`,
    );
    expect(triggers).toEqual([{ n: 1 }]);
    // keep:0's pending insert stays (the trigger changed, not its ensemble); gone:0's is dropped.
    expect(await sql(`SELECT trigger_key FROM baton_changes.outbox ORDER BY trigger_key`)).toEqual([
      { trigger_key: 'keep:0' },
    ]);
    await sql(`DELETE FROM baton_changes.outbox`);
  });

  it('installs once when several workers reconcile at the same moment', async () => {
    const others = [
      new PostgresPools({ max: 1 }),
      new PostgresPools({ max: 1 }),
      new PostgresPools({ max: 1 }),
    ];
    try {
      const outcomes = await Promise.all(
        others.map((each) =>
          reconcileTriggers(each.pool(DATABASE_URL), [
            wanted('orders:0', { table: 'orders', events: ['insert'] }),
          ]),
        ),
      );
      expect(outcomes.flatMap((outcome) => outcome.installed)).toEqual(['orders:0']);
    } finally {
      await Promise.all(others.map((each) => each.close()));
    }
  });
});

describe('consuming the outbox', () => {
  beforeEach(async () => {
    await reconcileTriggers(pools.pool(DATABASE_URL), [
      wanted('orders:0', { table: 'orders', events: ['insert'] }),
    ]);
    await sql(`DELETE FROM baton_changes.outbox`);
  });

  it('keeps the changes when starting their runs fails, and offers them again', async () => {
    await sql(`INSERT INTO orders (status) SELECT 'retry-' || i FROM generate_series(1, 3) AS i`);
    const pool = pools.pool(DATABASE_URL);
    await expect(
      drainOutbox(pool, ['orders:0'], 10, async () => {
        throw new Error('NATS is down');
      }),
    ).rejects.toThrow('NATS is down');
    expect(await drained(pools, ['orders:0'])).toHaveLength(3);
  });

  it('gives two consumers draining at once disjoint changes, every change to one of them', async () => {
    await sql(`INSERT INTO orders (status) SELECT 'both-' || i FROM generate_series(1, 50) AS i`);
    const pool = pools.pool(DATABASE_URL);
    const taken: string[][] = [[], []];
    let release!: () => void;
    const bothHolding = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const consumer = (index: number) =>
      drainOutbox(pool, ['orders:0'], 30, async (changes) => {
        taken[index].push(...changes.map((change) => change.changeId));
        if (++holding === 2) release();
        await bothHolding;
      });
    await Promise.all([consumer(0), consumer(1)]);
    expect(taken[0].length + taken[1].length).toBe(50);
    expect(taken[0].filter((id) => taken[1].includes(id))).toEqual([]);
  });
});

describe('dropping a trigger whose table is gone', () => {
  it('drops it from the registry without an error', async () => {
    await sql(`CREATE TABLE scratch (id int)`);
    const pool = pools.pool(DATABASE_URL);
    await reconcileTriggers(pool, [wanted('scratch:0', { table: 'scratch', events: ['insert'] })]);
    await sql(`DROP TABLE scratch`);
    await expect(reconcileTriggers(pool, [])).resolves.toMatchObject({ dropped: ['scratch:0'] });
    expect(await sql(`SELECT count(*)::int AS n FROM baton_changes.triggers`)).toEqual([{ n: 0 }]);
  });
});
