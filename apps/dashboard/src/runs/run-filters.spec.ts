import type { RunListItem, RunPage } from '../api/types';
import { collectRuns } from './collect-runs';
import { filtersFromQuery, matchesLocally, queryOfFilters, runsApiPath, windowStart } from './run-filters';

const now = new Date('2026-11-24T12:00:00.000Z');

function run(id: string, minutesAgo: number, trigger = 'api', status = 'completed'): RunListItem {
  return {
    id,
    ensemble: 'orders',
    revision: 1,
    status: status as RunListItem['status'],
    trigger,
    parentRunId: null,
    error: null,
    createdAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    startedAt: null,
    finishedAt: null,
    traceId: null,
  };
}

describe('run filters in the URL', () => {
  it('reads the filters the page offers and drops anything else', () => {
    expect(
      filtersFromQuery({
        ensemble: ' orders ',
        status: 'failed',
        trigger: 'webhook',
        since: '1h',
        page: '3',
      }),
    ).toEqual({ ensemble: 'orders', status: 'failed', trigger: 'webhook', since: '1h' });
    expect(filtersFromQuery({ status: 'exploded', trigger: 'telepathy', since: '2y', ensemble: '' })).toEqual(
      {},
    );
  });

  it('writes them back in a fixed order, and nothing when nothing is filtered', () => {
    expect(queryOfFilters({ since: '24h', ensemble: 'a b', status: 'running' })).toBe(
      '?ensemble=a+b&status=running&since=24h',
    );
    expect(queryOfFilters({})).toBe('');
  });

  it('asks the API only for what it filters: ensemble, status, page size and cursor', () => {
    expect(
      runsApiPath({ ensemble: 'orders', status: 'failed', trigger: 'cron', since: '1h' }, 50, 'c1'),
    ).toBe('/api/runs?ensemble=orders&status=failed&limit=50&cursor=c1');
  });

  it('keeps a run when its trigger and creation time pass the page’s own filters', () => {
    expect(matchesLocally(run('a', 10, 'webhook'), { trigger: 'webhook', since: '15m' }, now)).toBe(true);
    expect(matchesLocally(run('a', 20, 'webhook'), { trigger: 'webhook', since: '15m' }, now)).toBe(false);
    expect(matchesLocally(run('a', 1, 'cron'), { trigger: 'webhook' }, now)).toBe(false);
    expect(windowStart({ since: '1h' }, now)?.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    expect(windowStart({}, now)).toBeUndefined();
  });
});

describe('collectRuns', () => {
  /** An API of newest-first pages over `all`, recording each path it was asked for. */
  function pagedApi(all: RunListItem[]) {
    const asked: string[] = [];
    const fetchPage = async (path: string): Promise<RunPage> => {
      asked.push(path);
      const url = new URL(path, 'http://x');
      const limit = Number(url.searchParams.get('limit'));
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page = all.slice(from, from + limit);
      return { runs: page, nextCursor: from + limit < all.length ? String(from + limit) : null };
    };
    return { asked, fetchPage };
  }
  const history = Array.from({ length: 30 }, (_, i) => run(`r${i}`, i * 10, i % 5 === 0 ? 'cron' : 'api'));

  it('reads pages until enough runs match a filter the API does not apply', async () => {
    const { asked, fetchPage } = pagedApi(history);
    const result = await collectRuns(
      fetchPage,
      { trigger: 'cron' },
      { want: 3, pageSize: 5, maxPages: 10, now },
    );
    expect(result.runs.map((r) => r.id)).toEqual(['r0', 'r5', 'r10']);
    expect(asked).toHaveLength(3);
    expect(result.nextCursor).toBe('15');
  });

  it('stops at the first page older than the time window: nothing older can match', async () => {
    const { asked, fetchPage } = pagedApi(history);
    const result = await collectRuns(
      fetchPage,
      { since: '1h' },
      { want: 50, pageSize: 4, maxPages: 10, now },
    );
    expect(result.runs.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(asked).toHaveLength(2);
    expect(result.nextCursor).toBeNull();
  });

  it('reads at most maxPages and says where to go on', async () => {
    const { asked, fetchPage } = pagedApi(history);
    const result = await collectRuns(
      fetchPage,
      { trigger: 'webhook' },
      { want: 5, pageSize: 5, maxPages: 2, now },
    );
    expect(result.runs).toEqual([]);
    expect(asked).toHaveLength(2);
    expect(result.nextCursor).toBe('10');
  });

  it('goes on from a cursor, and ends with no cursor on the last page', async () => {
    const { fetchPage } = pagedApi(history);
    const result = await collectRuns(
      fetchPage,
      {},
      { want: 50, pageSize: 50, maxPages: 1, now, cursor: '25' },
    );
    expect(result.runs.map((r) => r.id)).toEqual(['r25', 'r26', 'r27', 'r28', 'r29']);
    expect(result.nextCursor).toBeNull();
  });
});
