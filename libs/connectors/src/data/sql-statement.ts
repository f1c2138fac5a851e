/**
 * Runs one SQL statement of a `data` agent (or a `storage` d1/postgres query) on a pooled
 * connection, behind the connection's circuit breaker, and maps PostgreSQL's errors to outcomes.
 */
import type { Pool, QueryResult } from 'pg';
import type { OperationRequest } from '../operation';
import {
  failed,
  invalidConfig,
  messageOf,
  succeeded,
  type FailedOutcome,
  type TaskOutcome,
} from '../outcome';
import type { DataTarget } from './data-target';
import { COMPAT_SCHEMA } from './d1/compat-sql';
import { ensureSqliteCompat } from './d1/compat-installer';
import { translateSqlite } from './d1/sqlite-translation';
import { tableLookup } from './d1/table-catalog';
import { toPositionalSql } from './sql-placeholders';

export type SqlMode = 'query' | 'execute';

/** SQLSTATE classes that say the server cannot serve us now (connection exception, resources, shutdown). */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3]|58)/;
/** Conflicts that a retry usually resolves. */
const TRANSIENT_SQLSTATE = new Set(['40001', '40P01']);

export async function runSql(
  request: OperationRequest,
  target: DataTarget,
  sql: unknown,
  params: unknown,
  mode: SqlMode,
): Promise<TaskOutcome> {
  if (typeof sql !== 'string' || sql.trim() === '')
    invalidConfig(`agent '${request.agent.name}' needs the SQL to run (config.sql)`);
  const values = boundParams(params);
  const positional = toPositionalSql(sql);
  // SQL written with $1… already takes the params as they are.
  if (positional.placeholders > 0 && positional.placeholders !== values.length) {
    invalidConfig(
      `the SQL has ${positional.placeholders} ? placeholder(s) but ${values.length} param(s) were given`,
    );
  }
  const sqlite = target.dialect === 'sqlite';
  const pool = request.deps.pools.pool(target.url, { sqlite });
  return request.deps.breakers.run(
    target.breakerKey,
    async () => {
      let text = positional.text;
      try {
        if (sqlite) {
          const translated = await sqliteForPostgres(pool, sql, target);
          if (!translated.ok) return translated.outcome;
          text = toPositionalSql(translated.sql).text;
        }
        const result = await pool.query({ text, values });
        return succeeded(resultOutput(result, mode));
      } catch (error) {
        return sqlFailure(error, target);
      }
    },
    (outcome) => outcome.error.code === 'data-unavailable',
    target.breakerOptions,
  );
}

/** `backend: d1`: the compatibility schema installed, then the statement translated (d1/). */
async function sqliteForPostgres(
  pool: Pool,
  sql: string,
  target: DataTarget,
): Promise<{ ok: true; sql: string } | { ok: false; outcome: FailedOutcome }> {
  try {
    await ensureSqliteCompat(pool);
  } catch (error) {
    const failure = sqlFailure(error, target);
    const message = `backend d1: installing the SQLite compatibility functions (schema ${COMPAT_SCHEMA}) failed: ${failure.error.message}`;
    return { ok: false, outcome: { ...failure, error: { ...failure.error, message } } };
  }
  const translation = await translateSqlite(sql, tableLookup(pool));
  if (translation.ok) return translation;
  return { ok: false, outcome: failed('sql-untranslatable', translation.message, { retryable: false }) };
}

/** Objects and arrays are bound as JSON text (for json/jsonb columns); undefined as NULL. */
function boundParams(params: unknown): unknown[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) invalidConfig('params must be a list of values, one per ? placeholder');
  return params.map((value) => {
    if (value === undefined) return null;
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  });
}

/** query → rows; execute → `{ success, rowCount }`, or the rows when the statement returns some (RETURNING). */
function resultOutput(result: QueryResult | QueryResult[], mode: SqlMode): unknown {
  // Several statements without params come back as one result each: the last one answers.
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (mode === 'query' || (last.fields?.length ?? 0) > 0) return last.rows;
  return { success: true, rowCount: last.rowCount ?? 0 };
}

function sqlFailure(error: unknown, target: DataTarget): FailedOutcome {
  const sqlstate = (error as { code?: unknown }).code;
  const message = messageOf(error);
  if (typeof sqlstate === 'string' && /^[0-9A-Z]{5}$/.test(sqlstate)) {
    if (UNAVAILABLE_SQLSTATE.test(sqlstate)) {
      return failed('data-unavailable', `PostgreSQL (${target.label}) is unavailable: ${message}`, {
        retryable: true,
      });
    }
    return failed(`sql-${sqlstate}`, message, { retryable: TRANSIENT_SQLSTATE.has(sqlstate) });
  }
  // No SQLSTATE: the connection itself failed (refused, unknown host, terminated, pool time-out).
  return failed(
    'data-unavailable',
    `PostgreSQL (${target.label}) is unavailable: ${message || String(sqlstate)}`,
    { retryable: true },
  );
}
