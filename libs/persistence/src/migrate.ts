import type { ReadModelOrm } from './orm';

/**
 * Key of the advisory lock every service takes before migrating: one migrates, the others wait and
 * then find nothing pending. A transaction-level lock is released on commit, rollback or a crash.
 */
const MIGRATION_LOCK_KEY = 7_304_205_118_202_611; // arbitrary, fixed: "baton migrations"

/** Runs the pending migrations; safe to call from every service at start, concurrently. Returns the names applied. */
export async function migrate(orm: ReadModelOrm): Promise<string[]> {
  const connection = orm.em.getConnection();
  return connection.transactional(async (transaction) => {
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'run', transaction);
    const applied = await orm.migrator.up({ transaction });
    return applied.map((migration) => migration.name);
  });
}
