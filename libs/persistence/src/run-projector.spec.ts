import type { RunEvent } from '@baton/engine';
import { RunAgent } from './entities/run-agent.entity';
import { RunStep } from './entities/run-step.entity';
import { Run } from './entities/run.entity';
import { createOrm, type ReadModelOrm } from './orm';
import { RunProjector, type RunLogMessage } from './run-projector';
import { fixtureEvents } from './testing/event-fixtures';
import { dumpReadModels } from './testing/read-model-dump';
import { openScratchReadModels } from './testing/scratch-database';

/** The fixture's events under another run id, so each spec projects a run of its own. */
function eventsOf(fixture: string, runId: string): RunEvent[] {
  return fixtureEvents(fixture).map((event) => ({ ...event, runId }) as RunEvent);
}

/** One message per event (the older layout of the log), with stream sequences from 1000. */
function oneEventEach(events: readonly RunEvent[]): RunLogMessage[] {
  return events.map((event, index) => ({ events: [event], streamSeq: 1000 + index }));
}

/** One message per decision: the events a command caused, together. */
function byDecision(events: readonly RunEvent[]): RunLogMessage[] {
  const messages: RunEvent[][] = [];
  for (const event of events) {
    const last = messages.at(-1);
    if (last !== undefined && last[0].causationId === event.causationId) last.push(event);
    else messages.push([event]);
  }
  return messages.map((decision, index) => ({ events: decision, streamSeq: 2000 + index }));
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

describe('RunProjector', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  let url: string;
  beforeAll(async () => ({ orm, dispose, url } = await openScratchReadModels()));
  afterAll(() => dispose());

  async function rowsOf(...runIds: string[]) {
    const pool = await orm.em.getConnection().getNativeClient();
    return dumpReadModels((sql, values) => pool.query(sql, values), runIds);
  }

  /** A run's rows with its id taken out, to compare two runs projected from the same events. */
  async function rowsWithoutId(runId: string) {
    const dump = await rowsOf(runId);
    const strip = (rows: string[]) => rows.map((row) => row.replaceAll(runId, '<run>'));
    return { runs: strip(dump.runs), run_agents: strip(dump.run_agents), run_steps: strip(dump.run_steps) };
  }

  async function applyOneByOne(projector: RunProjector, messages: readonly RunLogMessage[]) {
    const results = [];
    for (const message of messages) results.push((await projector.applyBatch([message]))[0].result);
    return results;
  }

  it('builds the run, its agents in plan order and its steps from a realistic sequence with a loop and a retry', async () => {
    const events = fixtureEvents('order-run');
    expect(await applyOneByOne(new RunProjector(orm), oneEventEach(events))).toEqual(
      events.map(() => 'applied'),
    );

    const em = orm.em.fork();
    expect(await em.findOneOrFail(Run, { id: 'run-order-1' })).toMatchObject({
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
      lastEventAt: new Date('2026-11-24T10:00:01.500Z'),
    });

    const agents = await em.find(RunAgent, { runId: 'run-order-1' }, { orderBy: { position: 'asc' } });
    expect(
      agents.map(({ agent, position, status, itemCount, succeededCount, attempts, output, error }) => ({
        agent,
        position,
        status,
        itemCount,
        succeededCount,
        attempts,
        output,
        error,
      })),
    ).toEqual([
      {
        agent: 'validate-order',
        position: 0,
        status: 'succeeded',
        itemCount: null,
        succeededCount: 1,
        attempts: 1,
        output: { valid: true, order: { id: 'o-7' } },
        error: null,
      },
      // A loop's output is the array of its iterations' outputs.
      {
        agent: 'check-inventory',
        position: 1,
        status: 'succeeded',
        itemCount: 2,
        succeededCount: 2,
        attempts: 1,
        output: [[{ quantity: 3 }], [{ quantity: 5 }]],
        error: null,
      },
      {
        agent: 'process-payment',
        position: 2,
        status: 'succeeded',
        itemCount: null,
        succeededCount: 1,
        attempts: 2,
        output: { id: 'pi_123' },
        error: null,
      },
      {
        agent: 'release-on-failure',
        position: 3,
        status: 'skipped',
        itemCount: null,
        succeededCount: 0,
        attempts: 0,
        output: null,
        error: null,
      },
    ]);

    const steps = await em.find(
      RunStep,
      { runId: 'run-order-1' },
      { orderBy: [{ agent: 'asc' }, { iteration: 'asc' }] },
    );
    expect(
      steps.map(
        ({
          agent,
          iteration,
          status,
          attempts,
          item,
          output,
          error,
          scheduledAt,
          startedAt,
          finishedAt,
        }) => ({
          agent,
          iteration,
          status,
          attempts,
          item,
          output,
          error,
          scheduledAt: iso(scheduledAt),
          startedAt: iso(startedAt),
          finishedAt: iso(finishedAt),
        }),
      ),
    ).toEqual([
      {
        agent: 'check-inventory',
        iteration: 0,
        status: 'succeeded',
        attempts: 1,
        item: { productId: 'p-1', quantity: 2 },
        output: [{ quantity: 3 }],
        error: null,
        scheduledAt: '2026-11-24T10:00:00.050Z',
        startedAt: null,
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
        scheduledAt: '2026-11-24T10:00:00.050Z',
        startedAt: null,
        finishedAt: '2026-11-24T10:00:00.080Z',
      },
      // The first attempt's 503 is not the step's error once the retry succeeded; the times are the retry's.
      {
        agent: 'process-payment',
        iteration: 0,
        status: 'succeeded',
        attempts: 2,
        item: null,
        output: { id: 'pi_123' },
        error: null,
        scheduledAt: '2026-11-24T10:00:01.300Z',
        startedAt: null,
        finishedAt: '2026-11-24T10:00:01.500Z',
      },
      // AgentStarted: the worker's start, apart from the scheduling.
      {
        agent: 'validate-order',
        iteration: 0,
        status: 'succeeded',
        attempts: 1,
        item: null,
        output: { valid: true, order: { id: 'o-7' } },
        error: null,
        scheduledAt: '2026-11-24T10:00:00.010Z',
        startedAt: '2026-11-24T10:00:00.020Z',
        finishedAt: '2026-11-24T10:00:00.050Z',
      },
    ]);
  });

  it("takes a step's start from AgentStarted's startedAt (the worker's clock) when the event carries it", async () => {
    const events = eventsOf('order-run', 'run-worker-start').slice(0, 5);
    const started = events[3];
    expect(started.type).toBe('AgentStarted');
    events[3] = {
      ...started,
      data: { ...started.data, startedAt: '2026-11-24T10:00:00.015Z' },
    } as unknown as RunEvent;
    await new RunProjector(orm).applyBatch([{ events: events.slice(0, 3) }, { events: events.slice(3) }]);

    expect(
      await orm.em.fork().findOneOrFail(RunStep, { runId: 'run-worker-start', agent: 'validate-order' }),
    ).toMatchObject({
      scheduledAt: new Date('2026-11-24T10:00:00.010Z'),
      startedAt: new Date('2026-11-24T10:00:00.015Z'),
      finishedAt: new Date('2026-11-24T10:00:00.050Z'),
    });
  });

  it("shows a retrying step with the failed attempt's error while its retry waits", async () => {
    await new RunProjector(orm).applyBatch(oneEventEach(eventsOf('order-run', 'run-retrying').slice(0, 13)));

    expect(
      await orm.em
        .fork()
        .findOneOrFail(RunStep, { runId: 'run-retrying', agent: 'process-payment', iteration: 0 }),
    ).toMatchObject({
      status: 'retrying',
      attempts: 1,
      error: { code: 'http-status', status: 503 },
      finishedAt: null,
    });
  });

  it('gives the same rows, byte for byte, one message at a time, in one batch, in batches of any size, or by decision', async () => {
    const events = fixtureEvents('order-run');
    const reference = await rowsWithoutId('run-order-1');
    const projector = new RunProjector(orm);

    await projector.applyBatch(oneEventEach(eventsOf('order-run', 'run-one-batch')));
    const decisions = byDecision(eventsOf('order-run', 'run-by-decision'));
    expect(decisions.length).toBeLessThan(events.length);
    expect(await applyOneByOne(projector, decisions)).toEqual(decisions.map(() => 'applied'));
    for (const size of [2, 3, 5]) {
      const messages = oneEventEach(eventsOf('order-run', `run-batches-of-${size}`));
      for (let start = 0; start < messages.length; start += size)
        await projector.applyBatch(messages.slice(start, start + size));
    }

    for (const runId of ['run-one-batch', 'run-batches-of-2', 'run-batches-of-3', 'run-batches-of-5'])
      expect([runId, await rowsWithoutId(runId)]).toEqual([runId, reference]);
    // Stream sequences differ by layout; everything else is the same.
    const byDecisionRows = await rowsWithoutId('run-by-decision');
    expect(byDecisionRows.run_agents).toEqual(reference.run_agents);
    expect(byDecisionRows.run_steps).toEqual(reference.run_steps);
  });

  it('changes nothing when the stream is replayed, or an older message is redelivered out of order', async () => {
    const events = fixtureEvents('order-run');
    const before = await rowsOf('run-order-1');
    const projector = new RunProjector(orm);

    expect(await applyOneByOne(projector, oneEventEach(events))).toEqual(events.map(() => 'duplicate'));
    expect((await projector.applyBatch(byDecision(events))).map((outcome) => outcome.result)).toEqual(
      byDecision(events).map(() => 'duplicate'),
    );
    // The retry's failure, redelivered after the run completed, must not make the payment fail again.
    expect(events[11].type).toBe('AgentFailed');
    expect(await projector.apply(events[11], 1011)).toEqual({
      runId: 'run-order-1',
      seq: 12,
      result: 'duplicate',
    });

    expect(await rowsOf('run-order-1')).toEqual(before);
  });

  it('holds back a message that follows a missing one, and applies the run fully once the missing one arrives', async () => {
    const events = eventsOf('order-run', 'run-gap');
    const projector = new RunProjector(orm);
    await projector.applyBatch(oneEventEach(events.slice(0, 4)));

    expect((await projector.apply(events[5])).result).toBe('gap');
    expect((await rowsOf('run-gap')).runs[0]).toContain('(run-gap,process-order,3,running,');
    expect(await orm.em.fork().findOneOrFail(Run, { id: 'run-gap' })).toMatchObject({ lastSeq: 4 });

    const rest = await projector.applyBatch(oneEventEach(events.slice(4)));
    expect(rest.every((outcome) => outcome.result === 'applied')).toBe(true);
    const reference = await rowsWithoutId('run-order-1');
    const rows = await rowsWithoutId('run-gap');
    expect([rows.run_agents, rows.run_steps]).toEqual([reference.run_agents, reference.run_steps]);
  });

  it('applies, in one batch, a redelivered message that arrived after its successor', async () => {
    const events = eventsOf('order-run', 'run-overtaken');
    const messages = oneEventEach(events);
    const swapped = [...messages.slice(0, 6), messages[7], messages[6], ...messages.slice(8)];
    const outcomes = await new RunProjector(orm).applyBatch(swapped);
    expect(outcomes.map((outcome) => outcome.result)).toEqual(events.map(() => 'applied'));
    expect(outcomes[6].seq).toBe(8);
    const reference = await rowsWithoutId('run-order-1');
    expect((await rowsWithoutId('run-overtaken')).run_steps).toEqual(reference.run_steps);
  });

  it('reports an agent event for a run it has never seen as a gap and writes nothing', async () => {
    const [, , scheduled] = eventsOf('order-run', 'run-unknown');
    expect((await new RunProjector(orm).apply(scheduled)).result).toBe('gap');
    expect(await rowsOf('run-unknown')).toEqual({ runs: [], run_agents: [], run_steps: [] });
  });

  it('takes a message without events as a duplicate', async () => {
    expect(await new RunProjector(orm).applyBatch([{ events: [], streamSeq: 1 }])).toEqual([
      { runId: undefined, seq: undefined, result: 'duplicate' },
    ]);
  });

  it('projects a cancelled run: the run cancelled with its reason, the abandoned wait failed, the unstarted agent skipped', async () => {
    await new RunProjector(orm).applyBatch(oneEventEach(fixtureEvents('cancelled-while-waiting')));

    const em = orm.em.fork();
    expect(await em.findOneOrFail(Run, { id: 'run-approval-1' })).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'cancelled by ops@example.com' },
      finishedAt: new Date('2026-11-24T11:05:00.000Z'),
      traceId: null,
    });
    const abandoned = { code: 'abandoned', message: 'the run was cancelled before this finished' };
    expect(await em.find(RunAgent, { runId: 'run-approval-1' }, { orderBy: { position: 'asc' } })).toEqual([
      expect.objectContaining({ agent: 'approval', status: 'failed', error: abandoned, attempts: 1 }),
      expect.objectContaining({ agent: 'refund', status: 'skipped', attempts: 0, startedAt: null }),
    ]);
    expect(await em.find(RunStep, { runId: 'run-approval-1' })).toEqual([
      expect.objectContaining({
        agent: 'approval',
        status: 'failed',
        error: abandoned,
        scheduledAt: new Date('2026-11-24T11:00:00.005Z'),
        finishedAt: new Date('2026-11-24T11:05:00.000Z'),
      }),
    ]);
  });

  it('lets two projector replicas apply the same stream at once and still builds each row once', async () => {
    const messages = oneEventEach(eventsOf('order-run', 'run-replicas'));
    const replica = await createOrm(url);
    try {
      const [first, second] = await Promise.all([
        applyOneByOne(new RunProjector(orm), messages),
        applyOneByOne(new RunProjector(replica), messages),
      ]);
      // Each message is applied by exactly one replica; the other sees a duplicate (or a gap it would redeliver).
      messages.forEach((_, index) => expect([first[index], second[index]]).toContain('applied'));
    } finally {
      await replica.close(true);
    }
    const reference = await rowsWithoutId('run-order-1');
    const rows = await rowsWithoutId('run-replicas');
    expect([rows.run_agents, rows.run_steps]).toEqual([reference.run_agents, reference.run_steps]);
  });
});
