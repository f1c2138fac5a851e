import type { FilterQuery } from '@mikro-orm/postgresql';
import { RunAgent } from './entities/run-agent.entity';
import { Run, type RunRecord } from './entities/run.entity';
import type { ReadModelOrm } from './orm';
import { decodeRunCursor, encodeRunCursor } from './run-cursor';
import { isRunStatus, RUN_STATUSES } from './run-statuses';
import { runListItem, runView, type RunListItem, type RunView } from './run-view';

export const DEFAULT_RUN_PAGE_SIZE = 50;
export const MAX_RUN_PAGE_SIZE = 500;

/** `GET /api/runs?ensemble=&status=&limit=&cursor=`; a limit above the maximum is lowered to it. */
export interface RunListQuery {
  readonly ensemble?: string;
  readonly status?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface RunQueryError {
  readonly code: 'invalid-cursor' | 'invalid-status' | 'invalid-limit';
  readonly message: string;
}

export type RunListResult =
  | { readonly ok: true; readonly runs: RunListItem[]; readonly nextCursor: string | null }
  | { readonly ok: false; readonly error: RunQueryError };

/** Reads the run read models for the API and the CLI. */
export class RunQueries {
  constructor(private readonly orm: ReadModelOrm) {}

  /** Newest first; `nextCursor` is null on the last page. */
  async list(query: RunListQuery): Promise<RunListResult> {
    const limit = query.limit ?? DEFAULT_RUN_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1) {
      return invalid('invalid-limit', `limit must be a whole number from 1 to ${MAX_RUN_PAGE_SIZE}`);
    }
    if (query.status !== undefined && !isRunStatus(query.status)) {
      return invalid('invalid-status', `status must be one of ${RUN_STATUSES.join(', ')}`);
    }
    const cursor = query.cursor === undefined ? undefined : decodeRunCursor(query.cursor);
    if (query.cursor !== undefined && cursor === undefined) {
      return invalid('invalid-cursor', 'cursor is not one a previous page returned');
    }

    const pageSize = Math.min(limit, MAX_RUN_PAGE_SIZE);
    const where: FilterQuery<RunRecord>[] = [];
    if (query.ensemble !== undefined) where.push({ ensemble: query.ensemble });
    if (query.status !== undefined) where.push({ status: query.status });
    if (cursor !== undefined) {
      where.push({
        $or: [
          { createdAt: { $lt: cursor.createdAt } },
          { createdAt: cursor.createdAt, id: { $lt: cursor.id } },
        ],
      });
    }
    // One row more than the page tells whether another page follows.
    const rows = await this.orm.em.fork().find(Run, where.length > 0 ? { $and: where } : {}, {
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: pageSize + 1,
      exclude: ['input', 'output'],
    });
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    const nextCursor =
      rows.length > pageSize && last !== undefined
        ? encodeRunCursor({ createdAt: last.createdAt, id: last.id })
        : null;
    return { ok: true, runs: page.map(runListItem), nextCursor };
  }

  /**
   * The run with its agents in plan order, or undefined when the projection has no such run (yet):
   * what the engine's `runSummary` of its log says.
   */
  async get(id: string): Promise<RunView | undefined> {
    const em = this.orm.em.fork();
    const run = await em.findOne(Run, { id });
    if (run === null) return undefined;
    const agents = await em.find(RunAgent, { runId: id }, { orderBy: { position: 'asc' } });
    return runView(run, agents);
  }
}

function invalid(code: RunQueryError['code'], message: string): RunListResult {
  return { ok: false, error: { code, message } };
}
