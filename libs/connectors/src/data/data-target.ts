/**
 * Which PostgreSQL database a `data` agent (or a `storage` d1/postgres query) talks to:
 * `connection: name` (a `postgres` connection of the ensemble, its `url` evaluated with `env`), or
 * else the default data connection `DATA_DATABASE_URL`, falling back to `DATABASE_URL` and then
 * to the documented default. `backend: d1|postgres` and `binding` both mean that default: D1
 * bindings have no meaning outside Cloudflare, and both backends are PostgreSQL here; `d1` says the
 * SQL is SQLite-flavoured (translated, see d1/sqlite-translation.ts).
 */
import type { Value } from '@baton/model';
import type { BreakerOptions } from '../circuit-breakers';
import type { Fields } from '../config-fields';
import { breakerOptionsOf } from '../connections';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, OperationFailure } from '../outcome';

export interface DataTarget {
  /** May hold a password: never put it in a message. */
  readonly url: string;
  /** `sqlite` for `backend: d1` (and `storage type: d1`): SQLite-flavoured SQL, translated (d1/). */
  readonly dialect: 'postgres' | 'sqlite';
  readonly breakerKey: string;
  /** The connection's `breaker:` options; none for the default database. */
  readonly breakerOptions?: Partial<BreakerOptions>;
  /** How messages name it: the connection's name, or `default`. */
  readonly label: string;
}

/** interfaces.md: DATABASE_URL's default. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/baton';
const BACKENDS = new Set(['d1', 'postgres']);

/** The data database when no connection is named: `DATA_DATABASE_URL`, else `DATABASE_URL`, else the default. */
export function defaultDataUrl(env: Readonly<Record<string, string | undefined>>): string {
  return env.DATA_DATABASE_URL || env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function dataTarget(request: OperationRequest): DataTarget {
  const { config, definition } = request;
  if (config.backend !== undefined && !BACKENDS.has(String(config.backend))) {
    invalidConfig(
      `backend must be d1 or postgres (both mean PostgreSQL), not ${JSON.stringify(config.backend)}`,
    );
  }
  // `backend: postgres` and plain connections run SQL as written.
  const dialect = config.backend === 'd1' || config.type === 'd1' ? 'sqlite' : 'postgres';
  if (config.connection === undefined || config.connection === null) {
    const url = defaultDataUrl(request.env);
    return { url, dialect, breakerKey: 'postgres:default', label: 'default' };
  }
  const name = config.connection;
  if (typeof name !== 'string') invalidConfig('connection must be the name of a postgres connection');
  const connection = definition.connections[name];
  if (connection === undefined) {
    throw new OperationFailure(
      failed('unknown-connection', `connection '${name}' is not defined in ensemble '${definition.name}'`, {
        retryable: false,
      }),
    );
  }
  if (connection.type !== 'postgres')
    invalidConfig(`connection '${name}' is of type '${connection.type}', not postgres`);
  const fields = request.evaluate(connection as Value) as Fields;
  const { url } = fields;
  if (typeof url !== 'string' || url === '') invalidConfig(`connection '${name}' has no url`);
  return {
    url,
    dialect,
    breakerKey: `postgres:${name}`,
    breakerOptions: breakerOptionsOf(fields),
    label: `connection '${name}'`,
  };
}
