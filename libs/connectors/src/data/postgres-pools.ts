/**
 * The connection pools of `data` agents: one `pg` Pool per connection URL, created on first use and
 * shared by every task of the worker. The worker owns the instance and calls `close()` on shutdown.
 */
import { Pool } from 'pg';
import { safeNumberTypes } from './safe-numbers';

export interface PostgresPoolOptions {
  /** Connections per pool. */
  readonly max: number;
  /** Fail instead of waiting forever when the server does not answer. */
  readonly connectionTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Errors of idle connections (a server restart); the pool has already dropped the connection. */
  readonly onIdleError?: (error: Error) => void;
}

export const DEFAULT_POSTGRES_POOL_OPTIONS: PostgresPoolOptions = {
  max: 10,
  connectionTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
};

export class PostgresPools {
  private readonly options: PostgresPoolOptions;
  private readonly pools = new Map<string, Pool>();

  constructor(options: Partial<PostgresPoolOptions> = {}) {
    this.options = { ...DEFAULT_POSTGRES_POOL_OPTIONS, ...options };
  }

  /** The pool for `url` (which may hold a password: it is never logged or reported). */
  pool(url: string): Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new Pool({
        connectionString: url,
        max: this.options.max,
        connectionTimeoutMillis: this.options.connectionTimeoutMs,
        idleTimeoutMillis: this.options.idleTimeoutMs,
        types: safeNumberTypes,
        application_name: 'baton-worker',
      });
      // Without a listener an idle connection's error would crash the process.
      pool.on('error', (error) => this.options.onIdleError?.(error));
      this.pools.set(url, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }
}
