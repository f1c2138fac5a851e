import type { RunEvent } from '@baton/engine';
import { RunStep } from './entities/run-step.entity';
import { Run } from './entities/run.entity';
import { createOrm, type ReadModelOrm } from './orm';
import { RunProjector } from './run-projector';
import { fixtureEvents } from './testing/event-fixtures';
import { openScratchReadModels } from './testing/scratch-database';

describe('RunProjector', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  let url: string;
  beforeAll(async () => ({ orm, dispose, url } = await openScratchReadModels()));
  afterAll(() => dispose());

  /** The rows as PostgreSQL holds them, read fresh, for comparing whole tables. */
  async function rowsOf(runId: string) {
    const em = orm.em.fork();
    const run = await em.execute(`select * from baton.runs where id = ?`, [runId]);
    const steps = await em.execute(
      `select * from baton.run_steps where run_id = ? order by agent, iteration`,
      [runId],
    );
    return { run, steps };
  }

  async function applyOneByOne(projector: RunProjector, events: readonly RunEvent[]) {
    const results = [];
    for (const [index, event] of events.entries())
      results.push((await projector.apply(event, 1000 + index)).result);
    return results;
  }

  it('builds the run and its steps from a realistic event sequence, with a loop agent and a retry', async () => {
    const events = fixtureEvents('order-run');
    expect(await applyOneByOne(new RunProjector(orm), events)).toEqual(events.map(() => 'applied'));

    const em = orm.em.fork();
    const run = await em.findOneOrFail(Run, { id: 'run-order-1' });
    expect(run).toMatchObject({
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
      trigger: { type: 'webhook', path: '/hooks/orders' },
      parentRunId: null,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      createdAt: new Date('2026-11-24T10:00:00.000Z'),
      startedAt: new Date('2026-11-24T10:00:00.010Z'),
      finishedAt: new Date('2026-11-24T10:00:01.500Z'),
      lastSeq: 17,
      lastStreamSeq: 1016,
    });
    expect(run.snapshot).toMatchObject({ seq: 17, status: 'completed', state: { order: { id: 'o-7' } } });

    const steps = await em.find(
      RunStep,
      { runId: 'run-order-1' },
      { orderBy: [{ agent: 'asc' }, { iteration: 'asc' }] },
    );
    const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
    expect(
      steps.map(({ agent, iteration, status, attempts, item, output, error, startedAt, finishedAt }) => ({
        agent,
        iteration,
        status,
        attempts,
        item,
        output,
        error,
        startedAt: iso(startedAt),
        finishedAt: iso(finishedAt),
      })),
    ).toEqual([
      {
        agent: 'check-inventory',
        iteration: 0,
        status: 'succeeded',
        attempts: 1,
        item: { productId: 'p-1', quantity: 2 },
        output: [{ quantity: 3 }],
        error: null,
        startedAt: '2026-11-24T10:00:00.050Z',
        finishedAt: '2026-11-24T10:00:00.090Z',
      },
      {
        agent: 'check-inventory',
        iteration: 1,
        status: 'succeeded',
        attempts: 1,
        item: { productId: 'p-2', quantity: 1 },
        output: [{ quantity: 5 }],
        error: null,
        startedAt: '2026-11-24T10:00:00.050Z',
        finishedAt: '2026-11-24T10:00:00.080Z',
      },
      // The first attempt's 503 is not the step's error once the retry succeeded.
      {
        agent: 'process-payment',
        iteration: 0,
        status: 'succeeded',
        attempts: 2,
        item: null,
        output: { id: 'pi_123' },
        error: null,
        startedAt: '2026-11-24T10:00:00.090Z',
        finishedAt: '2026-11-24T10:00:01.500Z',
      },
      {
        agent: 'release-on-failure',
        iteration: 0,
        status: 'skipped',
        attempts: 0,
        item: null,
        output: null,
        error: null,
        startedAt: null,
        finishedAt: '2026-11-24T10:00:01.500Z',
      },
      {
        agent: 'validate-order',
        iteration: 0,
        status: 'succeeded',
        attempts: 1,
        item: null,
        output: { valid: true, order: { id: 'o-7' } },
        error: null,
        startedAt: '2026-11-24T10:00:00.010Z',
        finishedAt: '2026-11-24T10:00:00.050Z',
      },
    ]);
  });

  it("shows a retrying step with the failed attempt's error while its retry waits", async () => {
    const events = fixtureEvents('order-run')
      .slice(0, 13)
      .map((event) => ({ ...event, runId: 'run-order-retrying' }) as RunEvent);
    await new RunProjector(orm).applyBatch(events.map((event) => ({ event })));

    expect(
      await orm.em
        .fork()
        .findOneOrFail(RunStep, { runId: 'run-order-retrying', agent: 'process-payment', iteration: 0 }),
    ).toMatchObject({
      status: 'retrying',
      attempts: 1,
      error: { code: 'http-status', status: 503 },
      finishedAt: null,
    });
  });

  it('gives identical rows when the same events are replayed, one by one or as a batch', async () => {
    const events = fixtureEvents('order-run');
    const before = await rowsOf('run-order-1');

    expect(await applyOneByOne(new RunProjector(orm), events)).toEqual(events.map(() => 'duplicate'));
    const batch = await new RunProjector(orm).applyBatch(
      events.map((event, index) => ({ event, streamSeq: 1000 + index })),
    );
    expect(batch.map((outcome) => outcome.result)).toEqual(events.map(() => 'duplicate'));

    expect(await rowsOf('run-order-1')).toEqual(before);
  });

  it('changes nothing when an older event is redelivered out of order', async () => {
    const events = fixtureEvents('order-run');
    const before = await rowsOf('run-order-1');
    // The retry's failure, redelivered after the run completed, must not make the payment fail again.
    const failure = events[11];
    expect(failure.type).toBe('AgentFailed');

    expect(await new RunProjector(orm).apply(failure, 1011)).toEqual({
      runId: 'run-order-1',
      seq: 12,
      result: 'duplicate',
    });
    expect(await rowsOf('run-order-1')).toEqual(before);
  });

  it('holds back an event that follows a missing one, and applies the run fully once the missing one arrives', async () => {
    const events = fixtureEvents('order-run').map(
      (event) => ({ ...event, runId: 'run-order-gap' }) as RunEvent,
    );
    const projector = new RunProjector(orm);
    await projector.applyBatch(events.slice(0, 4).map((event) => ({ event })));

    expect((await projector.apply(events[5])).result).toBe('gap');
    // Event 6 (StateUpdated) was held back: the run stays at seq 4 without the state it sets.
    expect((await rowsOf('run-order-gap')).run[0]).toMatchObject({
      last_seq: 4,
      snapshot: { seq: 4, state: {} },
    });

    const rest = await projector.applyBatch(events.slice(4).map((event) => ({ event })));
    expect(rest.every((outcome) => outcome.result === 'applied')).toBe(true);
    const { run, steps } = await rowsOf('run-order-gap');
    const reference = await rowsOf('run-order-1');
    expect(run[0]).toMatchObject({
      last_seq: 17,
      status: 'completed',
      snapshot: { state: { order: { id: 'o-7' } } },
    });
    expect(steps.map(({ run_id: _, ...step }) => step)).toEqual(
      reference.steps.map(({ run_id: _, ...step }) => step),
    );
  });

  it('reports an agent event for a run it has never seen as a gap and writes nothing', async () => {
    const [, , scheduled] = fixtureEvents('order-run').map(
      (event) => ({ ...event, runId: 'run-unknown' }) as RunEvent,
    );
    expect((await new RunProjector(orm).apply(scheduled)).result).toBe('gap');
    expect(await rowsOf('run-unknown')).toEqual({ run: [], steps: [] });
  });

  it('projects a cancelled run: the run cancelled with its reason, the abandoned wait failed, the unstarted agent skipped', async () => {
    await new RunProjector(orm).applyBatch(
      fixtureEvents('cancelled-while-waiting').map((event) => ({ event })),
    );

    const em = orm.em.fork();
    expect(await em.findOneOrFail(Run, { id: 'run-approval-1' })).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'cancelled by ops@example.com' },
      finishedAt: new Date('2026-11-24T11:05:00.000Z'),
      traceId: null,
    });
    expect(await em.find(RunStep, { runId: 'run-approval-1' }, { orderBy: [{ agent: 'asc' }] })).toEqual([
      expect.objectContaining({
        agent: 'approval',
        status: 'failed',
        error: { code: 'abandoned', message: 'the run was cancelled before this finished' },
        startedAt: new Date('2026-11-24T11:00:00.005Z'),
        finishedAt: new Date('2026-11-24T11:05:00.000Z'),
      }),
      expect.objectContaining({ agent: 'refund', status: 'skipped', attempts: 0 }),
    ]);
  });

  it('lets two projector replicas apply the same stream at once and still builds each row once', async () => {
    const events = fixtureEvents('order-run').map(
      (event) => ({ ...event, runId: 'run-order-replicas' }) as RunEvent,
    );
    const replica = await createOrm(url);
    try {
      const [first, second] = await Promise.all([
        applyOneByOne(new RunProjector(orm), events),
        applyOneByOne(new RunProjector(replica), events),
      ]);
      // Each event is applied by exactly one replica; the other sees a duplicate (or a gap it may redeliver).
      events.forEach((_, index) => expect([first[index], second[index]]).toContain('applied'));
    } finally {
      await replica.close(true);
    }
    const { run, steps } = await rowsOf('run-order-replicas');
    const reference = await rowsOf('run-order-1');
    expect(run[0]).toMatchObject({ last_seq: 17, status: 'completed' });
    expect(steps.map(({ run_id: _, ...step }) => step)).toEqual(
      reference.steps.map(({ run_id: _, ...step }) => step),
    );
  });
});
