import { AppendConflictError, encodeDecision } from '@baton/engine';
import type { RecordedDecision, RunEvent } from '@baton/engine';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { JetStreamEventLog } from './event-log';
import { MessagingError } from './messaging-error';
import { createPayloadCodec, installPayloadCodec, installPayloadCodecFromKeys } from '@baton/payload-codec';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const runDecisions = fixture<RecordedDecision[]>('run-decisions');
const firstLayoutEvents = fixture<RunEvent[]>('first-layout-events');

/** The fixture's decisions, moved to another run so each test has its own subject. */
function decisionsOf(runId: string): RecordedDecision[] {
  return runDecisions.map(({ commandId, events }) => ({
    commandId: `${runId}:${commandId}`,
    events: events.map((event) => ({ ...event, runId, causationId: `${runId}:${commandId}` })),
  }));
}

/** `count` one-event decisions with consecutive seqs, for runs longer than the fixture. */
function manyDecisions(runId: string, count: number): RecordedDecision[] {
  const [, started] = runDecisions[0].events;
  return Array.from({ length: count }, (_, index) => ({
    commandId: `${runId}:command-${index}`,
    events: [{ ...started, runId, seq: index + 1, causationId: `${runId}:command-${index}` }],
  }));
}

const eventsOf = (decisions: readonly RecordedDecision[]) => decisions.flatMap((decision) => decision.events);

describe('JetStreamEventLog', () => {
  let env: IsolatedLayout;
  let log: JetStreamEventLog;

  beforeAll(async () => {
    env = await isolatedLayout('evlog');
    log = new JetStreamEventLog(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  async function appendAll(runId: string, decisions: readonly RecordedDecision[]): Promise<number> {
    let token = 0;
    for (const decision of decisions) token = await log.append(runId, decision, token);
    return token;
  }

  it('reads an unknown run as no decisions, no events and sequence 0', async () => {
    expect(await log.read('never-started')).toEqual({ decisions: [], events: [], lastSubjectSequence: 0 });
  });

  it('stores each decision as one message and reads the decisions back in order, with the token append returned', async () => {
    const decisions = decisionsOf('run-order');
    const last = await appendAll('run-order', decisions);
    const stored = await log.read('run-order');
    expect(stored.decisions).toEqual(decisions);
    expect(stored.events).toEqual(eventsOf(decisions));
    expect(stored.lastSubjectSequence).toBe(last);
    const jsm = await jetstreamManager(env.nc);
    const subjects = (await jsm.streams.info(env.layout.streams.runs, { subjects_filter: '>' })).state
      .subjects;
    expect(subjects?.[env.layout.runSubject('run-order')]).toBe(decisions.length);
  });

  it('keeps runs apart: each run reads only its own subject', async () => {
    await appendAll('run-a', decisionsOf('run-a').slice(0, 1));
    await appendAll('run-b', decisionsOf('run-b'));
    expect((await log.read('run-a')).events.map((event) => event.runId)).toEqual(['run-a', 'run-a', 'run-a']);
    expect((await log.read('run-b')).decisions).toHaveLength(2);
  });

  it('reads a run longer than the direct-get batch completely and in order', async () => {
    const decisions = manyDecisions('run-long', 75);
    await appendAll('run-long', decisions);
    const stored = await log.read('run-long');
    expect(stored.events.map((event) => event.seq)).toEqual(decisions.map((_, index) => index + 1));
    expect(stored.decisions.map((decision) => decision.commandId)).toEqual(
      decisions.map((decision) => decision.commandId),
    );
  });

  it('lets exactly one of two writers deciding from the same state append; the other gets AppendConflictError', async () => {
    const [start, result] = decisionsOf('run-race');
    const token = await log.append('run-race', start, 0);
    const rival = {
      commandId: 'run-race:other-command',
      events: result.events.map((event) => ({ ...event, causationId: 'run-race:other-command' })),
    };
    const outcomes = await Promise.allSettled([
      log.append('run-race', result, token),
      log.append('run-race', rival, token),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(AppendConflictError);
    expect((await log.read('run-race')).decisions).toHaveLength(2);
  });

  it('refuses an append whose expected sequence is stale', async () => {
    const [start, result] = decisionsOf('run-stale');
    await log.append('run-stale', start, 0);
    await expect(log.append('run-stale', result, 0)).rejects.toBeInstanceOf(AppendConflictError);
  });

  it('stores a retried append of the same decision once, answering with the same token', async () => {
    const [start] = decisionsOf('run-retry');
    const first = await log.append('run-retry', start, 0);
    const again = await log.append('run-retry', start, 0);
    expect(again).toBe(first);
    expect((await log.read('run-retry')).decisions).toEqual([start]);
  });

  it('nats-server checks the message id before the expected sequence: a stored decision answers as a duplicate even after the log moved on', async () => {
    const subject = env.layout.runSubject('run-order-of-checks');
    const [start, result] = decisionsOf('run-order-of-checks');
    const js = jetstream(env.nc);
    const first = await js.publish(subject, encodeDecision(start), {
      msgID: start.commandId,
      expect: { lastSubjectSequence: 0 },
    });
    await js.publish(subject, encodeDecision(result), {
      msgID: result.commandId,
      expect: { lastSubjectSequence: first.seq },
    });
    // The server itself: a stale expected sequence, yet a duplicate acknowledgement, not an error.
    const repeated = await js.publish(subject, encodeDecision(start), {
      msgID: start.commandId,
      expect: { lastSubjectSequence: 0 },
    });
    expect({ duplicate: repeated.duplicate, seq: repeated.seq }).toEqual({ duplicate: true, seq: first.seq });
    // So the log accepts the same decision again (its bytes are stored) and appends nothing.
    expect(await log.append('run-order-of-checks', start, 0)).toBe(first.seq);
    expect((await log.read('run-order-of-checks')).decisions).toEqual([start, result]);
  });

  it('treats another decision under an already used command id as a conflict, even at the current sequence', async () => {
    const [start] = decisionsOf('run-dup');
    const token = await log.append('run-dup', start, 0);
    const rival = { ...start, events: start.events.slice(0, 1) };
    await expect(log.append('run-dup', rival, token)).rejects.toBeInstanceOf(AppendConflictError);
    expect((await log.read('run-dup')).decisions).toEqual([start]);
  });

  it('publishes a decision with its traceparent header and its command id as message id', async () => {
    const [start] = decisionsOf('run-trace');
    const seq = await log.append('run-trace', start, 0);
    const jsm = await jetstreamManager(env.nc);
    const stored = await jsm.streams.getMessage(env.layout.streams.runs, { seq });
    expect(stored?.header.get('traceparent')).toBe(start.events[0].traceparent);
    expect(stored?.header.get('Nats-Msg-Id')).toBe('run-trace:cmd-start');
    expect(stored?.subject).toBe(env.layout.runSubject('run-trace'));
    expect(stored?.json()).toEqual({ commandId: start.commandId, events: start.events });
  });

  it('reads a log of the first layout (one version-1 event per message): one decision per command, events upcast', async () => {
    const subject = env.layout.runSubject('run-first-layout');
    const js = jetstream(env.nc);
    for (const event of firstLayoutEvents) {
      await js.publish(subject, JSON.stringify({ ...event, runId: 'run-first-layout' }));
    }
    const stored = await log.read('run-first-layout');
    expect(stored.decisions.map((decision) => [decision.commandId, decision.events.length])).toEqual([
      ['cmd-start', 3],
      ['result-1', 2],
    ]);
    expect(stored.events[3]).toMatchObject({
      type: 'AgentSucceeded',
      version: 2,
      data: { level: 'attempt' },
    });
    // The next decision goes on top of it as one message.
    const next = { commandId: 'late', events: [{ ...stored.events[4], seq: 6, causationId: 'late' }] };
    await log.append('run-first-layout', next, stored.lastSubjectSequence);
    expect((await log.read('run-first-layout')).decisions).toHaveLength(3);
  });

  it('reports a message that is not a run log message as corrupt, naming the run', async () => {
    await jetstream(env.nc).publish(env.layout.runSubject('run-corrupt'), JSON.stringify({ hello: 'world' }));
    const read = log.read('run-corrupt');
    await expect(read).rejects.toBeInstanceOf(MessagingError);
    await expect(read).rejects.toMatchObject({
      code: 'corrupt-message',
      message: expect.stringContaining("Run run-corrupt's event log: message #1"),
    });
  });

  it('refuses events of another run', async () => {
    await expect(log.append('run-x', decisionsOf('run-y')[0], 0)).rejects.toThrow(/belongs to run run-y/);
  });
});

describe('JetStreamEventLog with BATON_PAYLOAD_KEY', () => {
  const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
  let env: IsolatedLayout;
  let log: JetStreamEventLog;

  beforeAll(async () => {
    env = await isolatedLayout('evlogenc');
    log = new JetStreamEventLog(env.nc, { prefix: env.prefix });
    installPayloadCodecFromKeys(KEY);
  });

  afterAll(async () => {
    installPayloadCodec(createPayloadCodec());
    await env.teardown();
  });

  it('stores payload fields as envelopes and reads the decisions back in clear', async () => {
    const decisions = decisionsOf('run-sealed');
    let token = 0;
    for (const decision of decisions) token = await log.append('run-sealed', decision, token);
    expect((await log.read('run-sealed')).decisions).toEqual(decisions);
    const jsm = await jetstreamManager(env.nc);
    const first = await jsm.direct.getMessage(env.layout.streams.runs, { seq: 1 });
    const [requested] = (first?.json() as { events: RunEvent[] }).events;
    expect(requested.type).toBe('RunRequested');
    expect((requested.data as { input: unknown }).input).toMatchObject({ $enc: 'v1', kid: 'k1' });
  });

  it('a retried append (encrypted again, with another IV) still counts as the same decision', async () => {
    const [start] = decisionsOf('run-sealed-retry');
    const first = await log.append('run-sealed-retry', start, 0);
    expect(await log.append('run-sealed-retry', start, 0)).toBe(first);
    const rival = { ...start, events: start.events.slice(0, 1) };
    await expect(log.append('run-sealed-retry', rival, first)).rejects.toBeInstanceOf(AppendConflictError);
  });

  it('a log sealed with a key this process lacks is refused naming the key id', async () => {
    const [start] = decisionsOf('run-other-key');
    await log.append('run-other-key', start, 0);
    installPayloadCodecFromKeys(`k2:${Buffer.alloc(32, 9).toString('base64')}`);
    try {
      await expect(log.read('run-other-key')).rejects.toMatchObject({
        code: 'undecryptable-payload',
        message: expect.stringContaining("key 'k1', which BATON_PAYLOAD_KEY does not list"),
      });
    } finally {
      installPayloadCodecFromKeys(KEY);
    }
  });
});
