import type { Pool, PoolClient } from 'pg';

/** How long a client whose connection ended may stay checked out: its holder's own error path releases it well within this. */
const GRACE_MS = 1000;

/**
 * Gives back to the pool, as broken, a client whose connection ended while it was checked out and
 * that its holder never released.
 *
 * Why: when PostgreSQL goes away inside a transaction, MikroORM's rollback fails on the dead
 * connection, and Kysely (0.29) releases a transaction's connection only after a commit or rollback
 * that succeeded. The pool then counts the dead client as busy forever: each outage shrank it by
 * one, and after `max` of them a service waited forever for a client and could not even close.
 */
export function releaseDeadClients(pool: Pool): void {
  const checkedOut = new Set<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.once('end', () => {
      setTimeout(() => {
        if (!checkedOut.has(client)) return;
        client.release(new Error('its connection to PostgreSQL ended while it was checked out'));
      }, GRACE_MS).unref();
    });
  });
}
