/**
 * The connection pools of `data` agents: one `pg` Pool per connection URL, created on first use and
 * shared by every task of the worker. The worker owns the instance and calls `close()` on shutdown.
 */
import { Pool } from 'pg';
import { COMPAT_SCHEMA } from './d1/compat-sql';
import { safeNumberTypes } from './safe-numbers';

/** PostgreSQL's default search path, then the SQLite compatibility schema. */
const SQLITE_SEARCH_PATH = `"$user",public,${COMPAT_SCHEMA}`;

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

  /**
   * The pool for `url` (which may hold a password: it is never logged or reported). With `sqlite`
   * (`backend: d1`), a separate pool whose sessions also find the SQLite compatibility schema
   * (functions and operators) on their search path; other statements never see it.
   */
  pool(url: string, options: { readonly sqlite?: boolean } = {}): Pool {
    const key = options.sqlite === true ? `${url}\u0000${SQLITE_SEARCH_PATH}` : url;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool({
        connectionString: options.sqlite === true ? withSearchPath(url) : url,
        max: this.options.max,
        connectionTimeoutMillis: this.options.connectionTimeoutMs,
        idleTimeoutMillis: this.options.idleTimeoutMs,
        types: safeNumberTypes,
        application_name: 'baton-worker',
      });
      // Without a listener an idle connection's error would crash the process.
      pool.on('error', (error) => this.options.onIdleError?.(error));
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

/**
 * The URL with `-c search_path=…` added to its `options` (a URL's own options, such as a
 * `statement_timeout`, are kept: pg would let the URL's `options` win over a separate setting).
 */
function withSearchPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // not a URL: pg reports it when it connects
  }
  const own = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [own, `-c search_path=${SQLITE_SEARCH_PATH}`].filter(Boolean).join(' '));
  return parsed.toString();
}
