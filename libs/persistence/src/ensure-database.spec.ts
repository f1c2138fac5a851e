import { ensureDatabase } from './ensure-database';
import { PersistenceError } from './persistence-error';
import { databaseExists, dropDatabase, scratchDatabaseUrl } from './testing/scratch-database';

describe('ensureDatabase', () => {
  const url = scratchDatabaseUrl();
  afterAll(() => dropDatabase(url));

  it('creates the database when it is missing, and is a no-op the second time', async () => {
    expect(await databaseExists(url)).toBe(false);

    expect(await ensureDatabase(url)).toEqual({ created: true });
    expect(await databaseExists(url)).toBe(true);

    expect(await ensureDatabase(url)).toEqual({ created: false });
    expect(await databaseExists(url)).toBe(true);
  });

  it('lets several services create the same database at once, creating it exactly once', async () => {
    const shared = scratchDatabaseUrl();
    try {
      const results = await Promise.all([
        ensureDatabase(shared),
        ensureDatabase(shared),
        ensureDatabase(shared),
      ]);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(await databaseExists(shared)).toBe(true);
    } finally {
      await dropDatabase(shared);
    }
  });

  it('names host and port when PostgreSQL is not reachable', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const attempt = ensureDatabase('postgres://postgres@127.0.0.1:1/baton');
    await expect(attempt).rejects.toThrow(PersistenceError);
    await expect(attempt).rejects.toMatchObject({
      code: 'database-unreachable',
      message: expect.stringMatching(/^PostgreSQL is not reachable at 127\.0\.0\.1:1: /),
    });
  });

  it('refuses a URL that is not a postgres:// URL, without echoing it', async () => {
    await expect(ensureDatabase('mysql://root:hunter2@db/baton')).rejects.toMatchObject({
      code: 'invalid-database-url',
      message: expect.not.stringContaining('hunter2'),
    });
  });
});
