import { Client } from 'pg';
import { RunStep } from './entities/run-step.entity';
import { closeOrm, createOrm } from './orm';
import { PersistenceError } from './persistence-error';
import { openScratchReadModels, TEST_SERVER_URL } from './testing/scratch-database';

describe('createOrm', () => {
  it('connects to the database and maps the entities to the baton schema', async () => {
    const { url, dispose } = await openScratchReadModels();
    try {
      const orm = await createOrm(url);
      expect(orm.getMetadata(RunStep).schema).toBe('baton');
      expect(await orm.isConnected()).toBe(true);
      await closeOrm(orm);
      expect(await orm.isConnected()).toBe(false);
    } finally {
      await dispose();
    }
  });

  it('names host and port when PostgreSQL is not reachable', async () => {
    const attempt = createOrm('postgres://postgres@127.0.0.1:1/baton');
    await expect(attempt).rejects.toThrow(PersistenceError);
    await expect(attempt).rejects.toMatchObject({
      code: 'database-unreachable',
      message: expect.stringMatching(/^PostgreSQL is not reachable at 127\.0\.0\.1:1: /),
    });
  });

  it('says the server refused when PostgreSQL answers but the database does not exist', async () => {
    await expect(createOrm(`${TEST_SERVER_URL}/baton_test_never_created`)).rejects.toMatchObject({
      code: 'database-refused',
      message: expect.stringContaining(
        'refused the connection: database "baton_test_never_created" does not exist',
      ),
    });
  });

  it('gives back a client whose connection died inside a transaction, so outages never shrink the pool', async () => {
    const { url, dispose } = await openScratchReadModels();
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const orm = await createOrm(url);
    try {
      const pool = await orm.em.getConnection().getNativeClient();
      for (let outage = 0; outage < 3; outage++) {
        const transaction = orm.em.fork().transactional(async (em) => {
          const [{ pid }] = await em.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
          await admin.query('select pg_terminate_backend($1)', [pid]);
          await em.execute('select 1');
        });
        await expect(transaction).rejects.toThrow();
      }
      // Every client is idle or gone again, and the pool still answers.
      const deadline = Date.now() + 5000;
      while (pool.totalCount !== pool.idleCount && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect({ total: pool.totalCount, checkedOut: pool.totalCount - pool.idleCount }).toEqual({
        total: expect.any(Number),
        checkedOut: 0,
      });
      expect(await orm.em.fork().execute('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      // A pool with a client still checked out never finishes closing: bounded, so a failure fails.
      await Promise.race([closeOrm(orm), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await admin.end();
      await dispose();
    }
  });
});
