import { foldEvents, runSummary, type RunEvent } from '@baton/engine';
import type { ReadModelOrm } from './orm';
import { RunProjector } from './run-projector';
import { RunQueries, type RunListQuery } from './run-queries';
import type { RunListItem } from './run-view';
import { fixtureEvents } from './testing/event-fixtures';
import { openScratchReadModels } from './testing/scratch-database';

type Outcome = 'queued' | 'running' | 'completed' | 'failed';

/** The events of a short run that ends (or stops) at `outcome`. */
function runEvents(runId: string, ensemble: string, createdAt: string, outcome: Outcome): RunEvent[] {
  const base = { version: 1 as const, runId, at: createdAt, causationId: `start-${runId}` };
  const events: RunEvent[] = [
    {
      ...base,
      type: 'RunRequested',
      seq: 1,
      data: { ensemble, revision: 1, input: { n: runId }, trigger: { type: 'manual' } },
    },
  ];
  if (outcome === 'queued') return events;
  events.push({ ...base, type: 'RunStarted', seq: 2, data: {} });
  if (outcome === 'completed')
    events.push({ ...base, type: 'RunCompleted', seq: 3, data: { output: { ok: true } } });
  if (outcome === 'failed') {
    events.push({
      ...base,
      type: 'RunFailed',
      seq: 3,
      data: { error: { code: 'script-error', message: 'boom', agent: 'a' } },
    });
  }
  return events;
}

describe('RunQueries', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  let queries: RunQueries;

  // Two runs share a creation instant, so ordering and paging must fall back to the id.
  const seeded: Array<[string, string, string, Outcome]> = [
    ['r1', 'billing', '2026-11-24T09:00:00.000Z', 'completed'],
    ['r2', 'shipping', '2026-11-24T09:01:00.000Z', 'failed'],
    ['r3', 'billing', '2026-11-24T09:02:00.000Z', 'running'],
    ['r4a', 'billing', '2026-11-24T09:03:00.000Z', 'failed'],
    ['r4b', 'shipping', '2026-11-24T09:03:00.000Z', 'completed'],
    ['r5', 'billing', '2026-11-24T09:04:00.000Z', 'queued'],
  ];

  beforeAll(async () => {
    ({ orm, dispose } = await openScratchReadModels());
    queries = new RunQueries(orm);
    const events = seeded.flatMap(([id, ensemble, at, outcome]) => runEvents(id, ensemble, at, outcome));
    await new RunProjector(orm).applyBatch(events.map((event) => ({ events: [event] })));
  });
  afterAll(() => dispose());

  async function ids(query: RunListQuery): Promise<string[]> {
    const result = await queries.list(query);
    if (!result.ok) throw new Error(result.error.message);
    return result.runs.map((run) => run.id);
  }

  /** Every page of a query, following nextCursor until it is null. */
  async function allPages(query: RunListQuery): Promise<RunListItem[][]> {
    const pages: RunListItem[][] = [];
    let cursor: string | undefined;
    do {
      const result = await queries.list({ ...query, cursor });
      if (!result.ok) throw new Error(result.error.message);
      pages.push(result.runs);
      cursor = result.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return pages;
  }

  it('lists runs newest first, runs created at the same instant by id descending', async () => {
    expect(await ids({})).toEqual(['r5', 'r4b', 'r4a', 'r3', 'r2', 'r1']);
  });

  it('filters by ensemble, by status, and by both', async () => {
    expect(await ids({ ensemble: 'billing' })).toEqual(['r5', 'r4a', 'r3', 'r1']);
    expect(await ids({ status: 'failed' })).toEqual(['r4a', 'r2']);
    expect(await ids({ ensemble: 'shipping', status: 'completed' })).toEqual(['r4b']);
    expect(await ids({ ensemble: 'nobody' })).toEqual([]);
  });

  it('pages with an opaque cursor: every run once, in order, and no cursor after the last page', async () => {
    const pages = await allPages({ limit: 2 });
    expect(pages.map((page) => page.map((run) => run.id))).toEqual([
      ['r5', 'r4b'],
      ['r4a', 'r3'],
      ['r2', 'r1'],
    ]);
    expect((await allPages({ ensemble: 'billing', limit: 3 })).map((page) => page.length)).toEqual([3, 1]);
  });

  it('keeps later pages stable when new runs arrive between two pages', async () => {
    const first = await queries.list({ ensemble: 'shipping', limit: 1 });
    if (!first.ok) throw new Error(first.error.message);
    await new RunProjector(orm).applyBatch(
      runEvents('r9', 'shipping', '2026-11-24T10:00:00.000Z', 'completed').map((event) => ({
        events: [event],
      })),
    );
    expect(await ids({ ensemble: 'shipping', limit: 1, cursor: first.nextCursor ?? undefined })).toEqual([
      'r2',
    ]);
  });

  it('lists each run without input, output or agents, with its trigger type and times', async () => {
    const result = await queries.list({ ensemble: 'billing', status: 'failed' });
    expect(result).toEqual({
      ok: true,
      nextCursor: null,
      runs: [
        {
          id: 'r4a',
          ensemble: 'billing',
          revision: 1,
          status: 'failed',
          trigger: 'manual',
          parentRunId: null,
          error: { code: 'script-error', message: 'boom', agent: 'a' },
          createdAt: '2026-11-24T09:03:00.000Z',
          startedAt: '2026-11-24T09:03:00.000Z',
          finishedAt: '2026-11-24T09:03:00.000Z',
          traceId: null,
        },
      ],
    });
  });

  it('answers a page of 50 without a limit, and lowers a limit above 500 to 500', async () => {
    const bulk = Array.from({ length: 501 }, (_, index) =>
      runEvents(`bulk-${String(index).padStart(3, '0')}`, 'bulk', '2026-11-24T08:00:00.000Z', 'queued'),
    ).flat();
    await new RunProjector(orm).applyBatch(bulk.map((event) => ({ events: [event] })));

    const byDefault = await queries.list({ ensemble: 'bulk' });
    const capped = await queries.list({ ensemble: 'bulk', limit: 10_000 });
    expect(byDefault.ok && byDefault.runs.length).toBe(50);
    expect(capped.ok && capped.runs.length).toBe(500);
    expect(capped.ok && capped.nextCursor).toEqual(expect.any(String));
  });

  it('refuses a cursor it did not write, an unknown status and a limit below 1, as error values', async () => {
    expect(await queries.list({ cursor: 'not-a-cursor' })).toEqual({
      ok: false,
      error: { code: 'invalid-cursor', message: expect.any(String) },
    });
    expect(await queries.list({ status: 'done' })).toEqual({
      ok: false,
      error: { code: 'invalid-status', message: expect.stringContaining('timed_out') },
    });
    expect(await queries.list({ limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-limit' } });
    expect(await queries.list({ limit: 2.5 })).toMatchObject({ ok: false, error: { code: 'invalid-limit' } });
  });

  it('gets a run in the interfaces.md shape: every agent of the plan, a loop agent with the array of its outputs', async () => {
    await new RunProjector(orm).applyBatch(fixtureEvents('order-run').map((event) => ({ events: [event] })));

    const run = await queries.get('run-order-1');
    expect(run).toEqual({
      id: 'run-order-1',
      ensemble: 'process-order',
      revision: 3,
      status: 'completed',
      input: {
        customerId: 'c-42',
        items: [
          { productId: 'p-1', quantity: 2 },
          { productId: 'p-2', quantity: 1 },
        ],
      },
      output: { success: true, paymentId: 'pi_123', error: null },
      error: null,
      agents: {
        'validate-order': {
          status: 'succeeded',
          output: { valid: true, order: { id: 'o-7' } },
          error: null,
          attempts: 1,
          startedAt: '2026-11-24T10:00:00.010Z',
          finishedAt: '2026-11-24T10:00:00.050Z',
          queuedMs: 10,
          runningMs: 30,
        },
        'check-inventory': {
          status: 'succeeded',
          output: [[{ quantity: 3 }], [{ quantity: 5 }]],
          error: null,
          attempts: 1,
          startedAt: '2026-11-24T10:00:00.050Z',
          finishedAt: '2026-11-24T10:00:00.090Z',
          queuedMs: null,
          runningMs: null,
        },
        'process-payment': {
          status: 'succeeded',
          output: { id: 'pi_123' },
          error: null,
          attempts: 2,
          startedAt: '2026-11-24T10:00:00.090Z',
          finishedAt: '2026-11-24T10:00:01.500Z',
          queuedMs: null,
          runningMs: null,
        },
        'release-on-failure': {
          status: 'skipped',
          output: null,
          error: null,
          attempts: 0,
          startedAt: null,
          finishedAt: '2026-11-24T10:00:01.500Z',
          queuedMs: null,
          runningMs: null,
        },
      },
      startedAt: '2026-11-24T10:00:00.010Z',
      finishedAt: '2026-11-24T10:00:01.500Z',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(Object.keys(run?.agents ?? {})).toEqual([
      'validate-order',
      'check-inventory',
      'process-payment',
      'release-on-failure',
    ]);
  });

  it('gets the same view of a run as the engine folding its log, at every point of the run', async () => {
    const events = fixtureEvents('order-run').map(
      (event) => ({ ...event, runId: 'run-order-steps' }) as RunEvent,
    );
    const projector = new RunProjector(orm);
    for (const [index, event] of events.entries()) {
      await projector.apply(event);
      const {
        id: _,
        ensemble: __,
        revision: ___,
        ...engineView
      } = runSummary(foldEvents(events.slice(0, index + 1)));
      expect(await queries.get('run-order-steps')).toEqual({
        ...engineView,
        id: 'run-order-steps',
        ensemble: 'process-order',
        revision: 3,
      });
    }
  });

  it('gets undefined for a run the projection does not hold', async () => {
    expect(await queries.get('no-such-run')).toBeUndefined();
  });
});
