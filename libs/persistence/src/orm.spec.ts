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
});
