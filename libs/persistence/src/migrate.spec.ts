import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';
import { closeOrm, createOrm, type ReadModelOrm } from './orm';
import { dropDatabase, scratchDatabaseUrl } from './testing/scratch-database';

describe('migrate', () => {
  const url = scratchDatabaseUrl();
  const orms: ReadModelOrm[] = [];

  beforeAll(async () => {
    await ensureDatabase(url);
    for (let i = 0; i < 3; i++) orms.push(await createOrm(url));
  });
  afterAll(async () => {
    await Promise.all(orms.map(closeOrm));
    await dropDatabase(url);
  });

  async function tablesInBatonSchema(): Promise<string[]> {
    const rows = await orms[0].em
      .fork()
      .execute<Array<{ table_name: string }>>(
        `select table_name from information_schema.tables where table_schema = 'baton' order by table_name`,
      );
    return rows.map((row) => row.table_name);
  }

  it('lets three services migrate at once: one applies the migrations, the others find nothing pending', async () => {
    const applied = await Promise.all(orms.map((orm) => migrate(orm)));

    expect(applied.flat()).toEqual([
      'Migration20261124000000_read_models',
      'Migration20261207000000_projector_rows',
      'Migration20261215000000_notification_deliveries',
    ]);
    expect(await tablesInBatonSchema()).toEqual([
      'mikro_orm_migrations',
      'notification_deliveries',
      'run_agents',
      'run_steps',
      'runs',
      'webhook_logs',
    ]);
  });

  it('is idempotent: migrating an up-to-date database applies nothing and changes nothing', async () => {
    const before = await tablesInBatonSchema();
    expect(await migrate(orms[1])).toEqual([]);
    expect(await tablesInBatonSchema()).toEqual(before);
  });

  it('leaves exactly the schema the entities describe (the migrations and the entities agree)', async () => {
    const drift = await orms[0].schema.getUpdateSchemaSQL({ wrap: false });
    expect(drift.trim()).toBe('');
  });
});
