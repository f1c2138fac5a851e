import type { NatsConnection } from '@nats-io/nats-core';
import { AckPolicy, RetentionPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connectNats } from './connect-nats';
import { checkLayout, prepareLayout, provision, removeLayout } from './provision';
import { NATS_URL, uniquePrefix } from './test-support/isolated-layout';
import { WORKER_OPERATIONS } from './worker-operations';

const NS_PER_MS = 1_000_000;
const DAY_MS = 24 * 3600 * 1000;

describe('provision', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const prefixes: string[] = [];

  const freshPrefix = (): string => {
    const prefix = uniquePrefix('prov');
    prefixes.push(prefix);
    return prefix;
  };

  const streamsOf = async (prefix: string): Promise<string[]> => {
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.includes(prefix)) names.push(name);
    return names.sort();
  };

  const consumersOf = async (stream: string): Promise<string[]> => {
    const names: string[] = [];
    for await (const info of jsm.consumers.list(stream)) names.push(info.name);
    return names.sort();
  };

  beforeAll(async () => {
    nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-provision' });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await Promise.all(prefixes.map((prefix) => removeLayout(nc, { prefix })));
    await nc.close();
  });

  it('creates the six streams, seven buckets and the object store of the layout', async () => {
    const prefix = freshPrefix();
    await provision(nc, { prefix });
    expect(await streamsOf(prefix)).toEqual(
      [
        `${prefix}BATON_INBOX`,
        `${prefix}BATON_RUNS`,
        `${prefix}BATON_TASKS`,
        `${prefix}BATON_TIMERS`,
        `${prefix}BATON_WEBHOOK_LOGS`,
        `${prefix}BATON_DELIVERIES`,
        `KV_${prefix}baton_dedupe`,
        `KV_${prefix}baton_ensembles`,
        `KV_${prefix}baton_kv`,
        `KV_${prefix}baton_waits`,
        `KV_${prefix}baton_concurrency`,
        `KV_${prefix}baton_leases`,
        `KV_${prefix}baton_keys`,
        `OBJ_${prefix}baton_artifacts`,
      ].sort(),
    );
  });

  it('gives each stream the retention, subjects and duplicate window of the layout', async () => {
    const prefix = freshPrefix();
    const layout = await provision(nc, { prefix });
    const inbox = (await jsm.streams.info(layout.streams.inbox)).config;
    expect(inbox).toMatchObject({
      retention: 'workqueue',
      storage: 'file',
      subjects: [layout.streamSubjects.inbox],
    });
    expect(inbox.duplicate_window).toBe(120_000 * NS_PER_MS);
    const runs = (await jsm.streams.info(layout.streams.runs)).config;
    expect(runs).toMatchObject({ retention: 'limits', storage: 'file', allow_direct: true });
    expect(runs.max_age).toBe(30 * DAY_MS * NS_PER_MS);
    expect((await jsm.streams.info(layout.streams.tasks)).config.retention).toBe('workqueue');
    expect((await jsm.streams.info(layout.streams.timers)).config).toMatchObject({
      retention: 'limits',
      max_msgs_per_subject: 1,
      max_age: 0,
      allow_direct: true,
      subjects: [layout.streamSubjects.timers],
    });
    for (const stream of [layout.streams.tasks, layout.streams.webhookLogs]) {
      expect((await jsm.streams.info(stream)).config.retention).toBe('workqueue');
    }
    expect((await jsm.streams.info(layout.streams.webhookLogs)).config.max_age).toBe(7 * DAY_MS * NS_PER_MS);
  });

  it('creates one explicitly acked pull consumer per service, and one per worker operation filtered to its subject', async () => {
    const prefix = freshPrefix();
    const layout = await provision(nc, { prefix });
    for (const { name, filter } of layout.inboxConsumers()) {
      const orchestrator = await jsm.consumers.info(layout.streams.inbox, name);
      expect(orchestrator.config).toMatchObject({
        ack_policy: 'explicit',
        max_deliver: -1,
        ack_wait: 30_000 * NS_PER_MS,
        filter_subject: filter,
      });
      expect(orchestrator.config.deliver_subject).toBeUndefined();
    }
    expect(await consumersOf(layout.streams.inbox)).toHaveLength(16);
    for (const operation of WORKER_OPERATIONS) {
      const worker = await jsm.consumers.info(layout.streams.tasks, `worker-${operation}`);
      expect(worker.config.filter_subject).toBe(layout.taskSubject(operation));
    }
    for (const name of ['projector', 'notifier']) {
      expect((await jsm.consumers.info(layout.streams.runs, name)).config.deliver_policy).toBe('all');
    }
    expect(await consumersOf(layout.streams.deliveries)).toEqual(['notifier-deliveries']);
    // The timers have no durable consumer: scheduler replicas read them with ordered consumers.
    expect(await consumersOf(layout.streams.timers)).toEqual([]);
  });

  it('keeps 64 revisions of each ensemble and dedupe entries for 7 days', async () => {
    const prefix = freshPrefix();
    const layout = await provision(nc, { prefix });
    const kvm = new Kvm(nc);
    expect((await (await kvm.open(layout.buckets.ensembles)).status()).history).toBe(64);
    expect((await (await kvm.open(layout.buckets.dedupe)).status()).ttl).toBe(7 * DAY_MS);
  });

  it('succeeds when run twice, and when three replicas run it at once, leaving one set of everything', async () => {
    const prefix = freshPrefix();
    await provision(nc, { prefix });
    await provision(nc, { prefix });
    await Promise.all([provision(nc, { prefix }), provision(nc, { prefix }), provision(nc, { prefix })]);
    expect(await streamsOf(prefix)).toHaveLength(14);
    expect(await consumersOf(`${prefix}BATON_TASKS`)).toEqual(
      WORKER_OPERATIONS.map((operation) => `worker-${operation}`).sort(),
    );
  });

  it('also succeeds when replicas race to create a layout that does not exist yet', async () => {
    const prefix = freshPrefix();
    await Promise.all([provision(nc, { prefix }), provision(nc, { prefix }), provision(nc, { prefix })]);
    expect(await streamsOf(prefix)).toHaveLength(14);
  });

  it('brings settings changed since the last run up to date', async () => {
    const prefix = freshPrefix();
    const layout = await provision(nc, { prefix });
    await provision(nc, { prefix, runsMaxAgeMs: 2 * DAY_MS, ackWaitMs: 10_000 });
    expect((await jsm.streams.info(layout.streams.runs)).config.max_age).toBe(2 * DAY_MS * NS_PER_MS);
    expect((await jsm.consumers.info(layout.streams.inbox, 'orchestrator-3')).config.ack_wait).toBe(
      10_000 * NS_PER_MS,
    );
  });

  it('records the partition count in the consumers, and refuses a service that counts otherwise', async () => {
    const prefix = freshPrefix();
    await provision(nc, { prefix, partitions: 4 });
    await expect(provision(nc, { prefix, partitions: 8 })).rejects.toMatchObject({
      code: 'partition-mismatch',
      message: expect.stringMatching(
        /provisioned with 4 partitions .* BATON_PARTITIONS=8\b.*set BATON_PARTITIONS=4/,
      ),
    });
    await expect(provision(nc, { prefix, partitions: 4 })).resolves.toMatchObject({ partitions: 4 });
    expect(await consumersOf(`${prefix}BATON_INBOX`)).toHaveLength(8);
  });

  it('checks a layout without writing (BATON_PROVISION=off): refuses one not provisioned, naming `baton provision`, or with another partition count', async () => {
    const prefix = freshPrefix();
    await expect(prepareLayout(nc, 'off', { prefix })).rejects.toMatchObject({
      code: 'not-provisioned',
      message: expect.stringMatching(
        new RegExp(
          `^NATS is not provisioned for Baton \\(missing: ${prefix}BATON_INBOX, .*OBJ_${prefix}baton_artifacts.*\\): run \`baton provision\``,
        ),
      ),
    });
    expect(await streamsOf(prefix)).toEqual([]);
    await expect(prepareLayout(nc, 'auto', { prefix, partitions: 2 })).resolves.toMatchObject({
      partitions: 2,
    });
    await expect(checkLayout(nc, { prefix, partitions: 2 })).resolves.toMatchObject({ partitions: 2 });
    await expect(checkLayout(nc, { prefix, partitions: 3 })).rejects.toMatchObject({
      code: 'partition-mismatch',
    });
    // The inbox without its consumers (deleted by hand): still not provisioned.
    for (const consumer of await consumersOf(`${prefix}BATON_INBOX`)) {
      await jsm.consumers.delete(`${prefix}BATON_INBOX`, consumer);
    }
    await expect(checkLayout(nc, { prefix, partitions: 2 })).rejects.toMatchObject({
      code: 'not-provisioned',
      message: expect.stringContaining('has no orchestrator consumers: run `baton provision`'),
    });
  });

  it('converts a drained inbox of the single-consumer layout, and refuses one that still holds commands', async () => {
    const prefix = freshPrefix();
    const inbox = `${prefix}BATON_INBOX`;
    const subject = `${prefix.toLowerCase().replace(/_+$/, '')}.baton.inbox.run-old`;
    await jsm.streams.add({
      name: inbox,
      subjects: [subject.replace('run-old', '>')],
      retention: RetentionPolicy.Workqueue,
    });
    await jsm.consumers.add(inbox, { durable_name: 'orchestrator', ack_policy: AckPolicy.Explicit });
    await jetstream(nc).publish(subject, '{"type":"CancelRun"}');
    await expect(provision(nc, { prefix })).rejects.toMatchObject({
      code: 'old-layout-pending',
      message: expect.stringContaining('still holds 1 commands of the previous layout'),
    });
    await jsm.streams.purge(inbox);
    const layout = await provision(nc, { prefix });
    const names = await consumersOf(inbox);
    expect(names).not.toContain('orchestrator');
    expect(names).toHaveLength(16);
    expect((await jsm.streams.info(inbox)).config.subjects).toEqual([layout.streamSubjects.inbox]);
  });

  it('refuses to remove the unprefixed production layout', async () => {
    await expect(removeLayout(nc, { prefix: '' })).rejects.toMatchObject({ code: 'invalid-prefix' });
  });
});
