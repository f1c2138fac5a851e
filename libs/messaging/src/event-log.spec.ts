import { AppendConflictError } from '@baton/engine';
import type { RunEvent } from '@baton/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import { JetStreamEventLog } from './event-log';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const runEvents = fixture<RunEvent[]>('run-events');

/** The fixture's events, moved to another run so each test has its own subject. */
function eventsOf(runId: string, events: readonly RunEvent[] = runEvents): RunEvent[] {
  return events.map((event) => ({ ...event, runId }));
}

/** `count` events with consecutive seqs, for runs longer than the fixture. */
function manyEvents(runId: string, count: number): RunEvent[] {
  return Array.from(
    { length: count },
    (_, index) => ({ ...runEvents[1], runId, seq: index + 1 }) as RunEvent,
  );
}

describe('JetStreamEventLog', () => {
  let env: IsolatedLayout;
  let log: JetStreamEventLog;

  beforeAll(async () => {
    env = await isolatedLayout('evlog');
    log = new JetStreamEventLog(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it('reads an unknown run as no events and sequence 0', async () => {
    expect(await log.read('never-started')).toEqual({ events: [], lastSubjectSequence: 0 });
  });

  it('reads back appended events in the order they were appended, with the token append returned', async () => {
    const events = eventsOf('run-order');
    const token = await log.append('run-order', events.slice(0, 2), 0);
    const last = await log.append('run-order', events.slice(2), token);
    const stored = await log.read('run-order');
    expect(stored.events).toEqual(events);
    expect(stored.lastSubjectSequence).toBe(last);
  });

  it('keeps runs apart: each run reads only its own subject', async () => {
    await log.append('run-a', eventsOf('run-a').slice(0, 1), 0);
    await log.append('run-b', eventsOf('run-b').slice(0, 2), 0);
    expect((await log.read('run-a')).events.map((event) => event.runId)).toEqual(['run-a']);
    expect((await log.read('run-b')).events).toHaveLength(2);
  });

  it('reads a run longer than the direct-get batch completely and in order', async () => {
    const events = manyEvents('run-long', 75);
    await log.append('run-long', events, 0);
    const stored = await log.read('run-long');
    expect(stored.events.map((event) => event.seq)).toEqual(events.map((event) => event.seq));
  });

  it('lets exactly one of two writers deciding from the same state append; the other gets AppendConflictError', async () => {
    const [requested, started] = eventsOf('run-race');
    const token = await log.append('run-race', [requested], 0);
    const outcomes = await Promise.allSettled([
      log.append('run-race', [started], token),
      log.append('run-race', [{ ...started, causationId: 'other-command' }], token),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(AppendConflictError);
    expect((await log.read('run-race')).events).toHaveLength(2);
  });

  it('refuses an append whose expected sequence is stale', async () => {
    const [requested, started] = eventsOf('run-stale');
    await log.append('run-stale', [requested], 0);
    await expect(log.append('run-stale', [started], 0)).rejects.toBeInstanceOf(AppendConflictError);
  });

  it('stores an append retried with the same events once, answering with the same token', async () => {
    const events = eventsOf('run-retry').slice(0, 2);
    const first = await log.append('run-retry', events, 0);
    const again = await log.append('run-retry', events, 0);
    expect(again).toBe(first);
    expect((await log.read('run-retry')).events).toEqual(events);
  });

  it('treats a different event under an already used message id as a conflict, not as a retry', async () => {
    const [requested] = eventsOf('run-dup');
    await log.append('run-dup', [requested], 0);
    const rival = { ...requested, causationId: 'another-start' };
    await expect(log.append('run-dup', [rival], 0)).rejects.toBeInstanceOf(AppendConflictError);
  });

  it('publishes each event with its traceparent header and the <runId>:<seq> message id', async () => {
    const [requested] = eventsOf('run-trace');
    const seq = await log.append('run-trace', [requested], 0);
    const jsm = await jetstreamManager(env.nc);
    const stored = await jsm.streams.getMessage(env.layout.streams.runs, { seq });
    expect(stored?.header.get('traceparent')).toBe(requested.traceparent);
    expect(stored?.header.get('Nats-Msg-Id')).toBe('run-trace:1');
    expect(stored?.subject).toBe(env.layout.runSubject('run-trace'));
  });

  it('refuses events of another run', async () => {
    await expect(log.append('run-x', eventsOf('run-y').slice(0, 1), 0)).rejects.toThrow(
      /belongs to run run-y/,
    );
  });
});
