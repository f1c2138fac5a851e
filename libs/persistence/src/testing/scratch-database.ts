/**
 * Spec support: each spec file gets its own database on the test server and drops it afterwards,
 * so specs run in parallel against the real PostgreSQL without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from '../ensure-database';
import { migrate } from '../migrate';
import { createOrm, type ReadModelOrm } from '../orm';

/** The test server (trust auth on these machines); BATON_TEST_POSTGRES_URL points elsewhere. */
export const TEST_SERVER_URL = process.env['BATON_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432';

export function scratchDatabaseUrl(): string {
  return `${TEST_SERVER_URL}/baton_test_${randomBytes(6).toString('hex')}`;
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function databaseExists(databaseUrl: string): Promise<boolean> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

/** A created, migrated scratch database and an ORM on it. */
export async function openScratchReadModels(): Promise<{
  url: string;
  orm: ReadModelOrm;
  dispose: () => Promise<void>;
}> {
  const url = scratchDatabaseUrl();
  await ensureDatabase(url);
  const orm = await createOrm(url);
  await migrate(orm);
  return {
    url,
    orm,
    dispose: async () => {
      await orm.close(true);
      await dropDatabase(url);
    },
  };
}
