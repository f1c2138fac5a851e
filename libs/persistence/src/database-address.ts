import { PersistenceError } from './persistence-error';

/** Where a `postgres://` URL points: used to name the server in errors and to reach its maintenance database. */
export interface DatabaseAddress {
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

const DEFAULT_PORT = 5432;
const MAINTENANCE_DATABASE = 'postgres';

export function databaseAddressOf(databaseUrl: string): DatabaseAddress {
  const url = parsePostgresUrl(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') {
    throw new PersistenceError(
      'invalid-database-url',
      `The database URL names no database: ${redactedUrl(url)}`,
    );
  }
  return { host: url.hostname || 'localhost', port: url.port ? Number(url.port) : DEFAULT_PORT, database };
}

/** The same server and credentials, but the `postgres` database, which exists on every server. */
export function maintenanceUrlOf(databaseUrl: string): string {
  const url = parsePostgresUrl(databaseUrl);
  url.pathname = `/${MAINTENANCE_DATABASE}`;
  return url.toString();
}

function parsePostgresUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (cause) {
    // The URL may hold a password: never echo it.
    throw new PersistenceError('invalid-database-url', 'The database URL is not a valid URL', { cause });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new PersistenceError(
      'invalid-database-url',
      `The database URL must start with postgres:// (got ${url.protocol}//)`,
    );
  }
  return url;
}

function redactedUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '[redacted]';
  return copy.toString();
}
