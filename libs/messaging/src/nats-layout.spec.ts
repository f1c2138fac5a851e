import { MessagingError } from './messaging-error';
import { durableConsumers, natsLayout, streamOfConsumer } from './nats-layout';
import { WORKER_OPERATIONS } from './worker-operations';

describe('the NATS layout', () => {
  it('uses the fixed names of architecture.md when no prefix is given', () => {
    const layout = natsLayout();
    expect(layout.streams).toEqual({
      inbox: 'BATON_INBOX',
      runs: 'BATON_RUNS',
      tasks: 'BATON_TASKS',
      timers: 'BATON_TIMERS',
      webhookLogs: 'BATON_WEBHOOK_LOGS',
      deliveries: 'BATON_DELIVERIES',
    });
    expect(layout.buckets).toEqual({
      ensembles: 'baton_ensembles',
      dedupe: 'baton_dedupe',
      waits: 'baton_waits',
      concurrency: 'baton_concurrency',
      kv: 'baton_kv',
      leases: 'baton_leases',
      artifacts: 'baton_artifacts',
      keys: 'baton_keys',
    });
    expect(layout.startSubject('run-1')).toBe('baton.inbox.start.4.run-1');
    expect(layout.commandSubject('result', 'run-1')).toBe('baton.inbox.4.result.run-1');
    expect(layout.runSubject('r1')).toBe('baton.run.r1');
    expect(layout.taskSubject('http')).toBe('baton.task.http');
    expect(layout.timerSubject('r1:run-timeout')).toMatch(/^baton\.timer\.[A-Za-z0-9_-]{22}$/);
    expect(layout.webhookLogSubject).toBe('baton.webhook-log');
    expect(layout.deliverySubject('d1')).toBe('baton.delivery.d1');
  });

  it('renames every stream, subject and bucket with a prefix', () => {
    const layout = natsLayout({ prefix: 'T123_' });
    expect(layout.streams.inbox).toBe('T123_BATON_INBOX');
    expect(layout.streamSubjects.inbox).toBe('t123.baton.inbox.*.*.*');
    expect(layout.commandSubject('timer', 'run-2')).toBe('t123.baton.inbox.5.timer.run-2');
    expect(layout.runSubject('r1')).toBe('t123.baton.run.r1');
    expect(layout.buckets.ensembles).toBe('T123_baton_ensembles');
  });

  it('gives each timer id a subject of its own, one token whatever the id holds', () => {
    const layout = natsLayout();
    const ids = ['run-1:run-timeout', 'run-1:a.b:0:1:retry', 'run 2 > *', 'ü'];
    const subjects = ids.map((id) => layout.timerSubject(id));
    expect(new Set(subjects).size).toBe(ids.length);
    for (const subject of subjects) expect(subject.split('.')).toHaveLength(3);
    expect(layout.timerSubject(ids[0])).toBe(subjects[0]);
    expect(() => layout.timerSubject('')).toThrow(expect.objectContaining({ code: 'invalid-subject-token' }));
  });

  it('refuses a prefix NATS would not accept in a stream name', () => {
    expect(() => natsLayout({ prefix: 'a.b' })).toThrow(expect.objectContaining({ code: 'invalid-prefix' }));
  });

  it.each(['', 'a.b', 'a*', 'a>', 'a b'])(
    'refuses %j as a run id, since it would change the subject',
    (runId) => {
      const attempt = () => natsLayout().runSubject(runId);
      expect(attempt).toThrow(MessagingError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'invalid-subject-token' }));
    },
  );

  it('splits the inbox into partitions, each read by a commands consumer and a starts consumer that never overlap', () => {
    const layout = natsLayout({ partitions: 2 });
    expect(layout.inboxConsumers()).toEqual([
      { name: 'orchestrator-0', partition: 0, lane: 'commands', filter: 'baton.inbox.0.*.*' },
      { name: 'orchestrator-start-0', partition: 0, lane: 'starts', filter: 'baton.inbox.start.0.*' },
      { name: 'orchestrator-1', partition: 1, lane: 'commands', filter: 'baton.inbox.1.*.*' },
      { name: 'orchestrator-start-1', partition: 1, lane: 'starts', filter: 'baton.inbox.start.1.*' },
    ]);
    // Every subject of a run lands in its partition's consumers, and in no other.
    const p = layout.partitionOf('run-1');
    expect(layout.startSubject('run-1')).toBe(`baton.inbox.start.${p}.run-1`);
    expect(layout.commandSubject('api', 'run-1')).toBe(`baton.inbox.${p}.api.run-1`);
  });

  it.each([0, 1.5, 1025])('refuses %p partitions', (partitions) => {
    expect(() => natsLayout({ partitions })).toThrow(expect.objectContaining({ code: 'invalid-partitions' }));
  });

  it('routes every durable consumer to its stream, one worker consumer per worker operation', () => {
    const layout = natsLayout();
    const consumers = durableConsumers(layout);
    for (let p = 0; p < 8; p++) {
      expect(consumers.get(`orchestrator-${p}`)).toBe('BATON_INBOX');
      expect(consumers.get(`orchestrator-start-${p}`)).toBe('BATON_INBOX');
    }
    expect(consumers.get('projector')).toBe('BATON_RUNS');
    expect(consumers.get('notifier')).toBe('BATON_RUNS');
    expect(consumers.get('projector-webhook-logs')).toBe('BATON_WEBHOOK_LOGS');
    expect(consumers.get('notifier-deliveries')).toBe('BATON_DELIVERIES');
    for (const operation of WORKER_OPERATIONS)
      expect(consumers.get(`worker-${operation}`)).toBe('BATON_TASKS');
    expect(consumers.size).toBe(16 + 4 + WORKER_OPERATIONS.length);
  });

  it('names the known worker operations when a handler asks for a worker that does not exist', () => {
    expect(() => streamOfConsumer(natsLayout(), 'worker-sleep')).toThrow(
      /workers exist for: code, validate, http/,
    );
    expect(() => streamOfConsumer(natsLayout(), 'billing')).toThrow(
      expect.objectContaining({ code: 'unknown-consumer' }),
    );
  });
});
