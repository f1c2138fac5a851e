import { Client } from 'pg';
import { connectionFailure, sqlStateOf } from './connection-failure';
import { databaseAddressOf, maintenanceUrlOf, type DatabaseAddress } from './database-address';
import type { PersistenceError } from './persistence-error';

const CONNECT_TIMEOUT_MS = 5000;
/** SQLSTATE codes this file handles by name. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the database DATABASE_URL names when it is missing. Connects to the database itself
 * first, so a role without access to the `postgres` maintenance database works when the database
 * exists; several services starting at once may race to create it, and all of them succeed.
 */
export async function ensureDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  const address = databaseAddressOf(databaseUrl);
  const target = await connectedClient(databaseUrl, address);
  if (target.ok) {
    await target.client.end();
    return { created: false };
  }
  if (target.sqlState !== INVALID_CATALOG_NAME) throw target.error;

  const maintenance = await connectedClient(maintenanceUrlOf(databaseUrl), address);
  if (!maintenance.ok) throw maintenance.error;
  try {
    await maintenance.client.query(
      `CREATE DATABASE ${maintenance.client.escapeIdentifier(address.database)}`,
    );
    return { created: true };
  } catch (error) {
    // Another service created it between our two connections: that is the outcome we wanted.
    const state = sqlStateOf(error);
    if (state === DUPLICATE_DATABASE || state === UNIQUE_VIOLATION) return { created: false };
    throw error;
  } finally {
    await maintenance.client.end();
  }
}

type Connection =
  { ok: true; client: Client } | { ok: false; sqlState: string | undefined; error: PersistenceError };

async function connectedClient(url: string, address: DatabaseAddress): Promise<Connection> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A server that drops the connection later must not crash the process through an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { ok: true, client };
  } catch (cause) {
    await client.end().catch(() => undefined); // the connection failed: there is nothing left to close
    return { ok: false, sqlState: sqlStateOf(cause), error: connectionFailure(address, cause) };
  }
}
