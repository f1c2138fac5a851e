import type { DatabaseAddress } from './database-address';
import { PersistenceError } from './persistence-error';

/**
 * The error a service reports when it cannot connect: `database-unreachable` when no PostgreSQL
 * answered at host:port, `database-refused` when one answered and said no (login, database, …).
 */
export function connectionFailure(address: DatabaseAddress, cause: unknown): PersistenceError {
  const where = `${address.host}:${address.port}`;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return sqlStateOf(cause) === undefined
    ? new PersistenceError('database-unreachable', `PostgreSQL is not reachable at ${where}: ${reason}`, {
        cause,
      })
    : new PersistenceError('database-refused', `PostgreSQL at ${where} refused the connection: ${reason}`, {
        cause,
      });
}

/**
 * The SQLSTATE of an error the server sent; undefined for network errors (refused, reset,
 * time-out). Recognised by shape, not class: the ORM's driver may load its own copy of `pg`.
 */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' ? code : undefined;
}
