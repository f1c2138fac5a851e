import type { PoolClient } from 'pg';
import type { ReadModelOrm } from '../orm';

/**
 * Runs `work` in one transaction on a client of the ORM's own pool, with bound parameters (no value
 * escaped in JavaScript). A client whose transaction failed is given back as broken, so a
 * connection that died with PostgreSQL never returns to the pool.
 */
export async function inTransaction<T>(
  orm: ReadModelOrm,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const pool = await orm.em.getConnection().getNativeClient();
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    client.release();
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
