import { MikroORM, type Options as PostgreSqlOptions } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { BATON_SCHEMA } from './baton-schema';
import { connectionFailure } from './connection-failure';
import { databaseAddressOf } from './database-address';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { RunAgent } from './entities/run-agent.entity';
import { RunStep } from './entities/run-step.entity';
import { Run } from './entities/run.entity';
import { WebhookLog } from './entities/webhook-log.entity';
import { migrationList } from './migrations/migration-list';
import { releaseDeadClients } from './release-dead-clients';

/** The MikroORM instance the read models use (PostgreSQL driver, `baton` schema). */
export type ReadModelOrm = MikroORM;

export const readModelEntities = [Run, RunAgent, RunStep, WebhookLog, NotificationDelivery];

/** The ORM configuration; exported so tests and tools can build the same ORM without connecting. */
export function ormOptions(databaseUrl: string): PostgreSqlOptions {
  return {
    clientUrl: databaseUrl,
    // Validates the URL with the same clear error as ensureDatabase.
    dbName: databaseAddressOf(databaseUrl).database,
    schema: BATON_SCHEMA,
    entities: readModelEntities,
    extensions: [Migrator],
    // ensureDatabase() creates the database, with an error that names the server; the ORM must not race it.
    ensureDatabase: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: migrationList,
      // Migrations are committed code; running them must not write snapshot files next to it.
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    debug: false,
    driverOptions: { onPoolCreated: releaseDeadClients },
  };
}

/**
 * Connects to DATABASE_URL, failing with a PersistenceError that names host:port when PostgreSQL
 * does not answer or refuses. Call ensureDatabase first on a server that may not have the
 * database yet. The synchronous constructor is enough: entities are given, not discovered.
 */
export async function createOrm(databaseUrl: string): Promise<ReadModelOrm> {
  const orm = new MikroORM(ormOptions(databaseUrl));
  await orm.connect();
  // connect() opens a pool lazily and never fails; a first query tells whether the server answers.
  const check = await orm.checkConnection();
  if (!check.ok) {
    await orm.close(true);
    throw connectionFailure(databaseAddressOf(databaseUrl), check.error ?? new Error(check.reason));
  }
  return orm;
}

export async function closeOrm(orm: ReadModelOrm): Promise<void> {
  await orm.close(true);
}
