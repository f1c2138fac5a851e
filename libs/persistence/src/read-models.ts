import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';
import { createOrm, type ReadModelOrm } from './orm';

/** What every service does on start: create the database if missing, connect, run pending migrations. */
export async function openReadModels(databaseUrl: string): Promise<ReadModelOrm> {
  await ensureDatabase(databaseUrl);
  const orm = await createOrm(databaseUrl);
  try {
    await migrate(orm);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
