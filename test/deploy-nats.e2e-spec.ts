/**
 * deploy/nats/nats.conf run for real: the nats-server of this machine with the shipped file, each
 * service's user doing its job and refused outside it, then the real services connected as their
 * own users running runs without a single permission violation.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { taskResult } from '@baton/intake';
import {
  checkLayout,
  CONSUMERS,
  CRON_PROGRESS_KEY,
  DedupeStore,
  durableConsumers,
  KvLease,
  layoutStreamNames,
  natsLayout,
  provision,
  TimerScheduler,
  TimerStore,
  WORKER_OPERATIONS,
} from '@baton/messaging';
import { DATABASE_TRIGGERS_LEASE } from '@baton/connectors';
import { startDeployedNats, type DeployedNats } from './fixtures/deploy/support/deployed-nats';
import { BUILT, DEPLOYED, present } from './fixtures/deploy/support/deployed-services';
import { createDatabase, freePort, ROOT, service, waitFor, type Service } from './support/processes';

const FIXTURES = join(ROOT, 'test/fixtures/deploy');
const NATS_CONF = join(ROOT, 'deploy/nats/nats.conf');
/** Every user the file defines: the server refuses to start unless each one's password is set. */
const NATS_USERS = [...readFileSync(NATS_CONF, 'utf8').matchAll(/^\s*user: (\w+)$/gm)].map((m) => m[1]);

/** The stream (and consumer) a JetStream API, ack or flow-control subject of nats.conf is about. */
function streamAndConsumerOf(subject: string): { stream?: string; consumer?: string } {
  const t = subject.split('.');
  if (t[1] === 'ACK' || t[1] === 'FC') return { stream: t[2], consumer: t[3] };
  if (t[2] === 'STREAM') return { stream: t[3] === 'MSG' ? t[5] : t[4] };
  if (t[2] === 'DIRECT') return { stream: t[4] };
  if (t[2] === 'CONSUMER') {
    const at = t[3] === 'MSG' ? 5 : 4;
    return { stream: t[at], consumer: t[at + 1] };
  }
  return {};
}

const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

/** `baton provision` as built, with NATS_URL: exit status and output. */
async function batonProvision(natsUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [CLI, 'provision'], {
    env: { ...process.env, NATS_URL: natsUrl },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('deploy/nats/nats.conf', () => {
  const layout = natsLayout();
  const conf = readFileSync(NATS_CONF, 'utf8');
  let nats: DeployedNats;
  const open: NatsConnection[] = [];

  async function as(user: string, password = nats.password(user)): Promise<NatsConnection> {
    const nc = await connect({
      servers: `nats://${nats.host}:${nats.port}`,
      user,
      pass: password,
      name: `probe-${user}`,
    });
    open.push(nc);
    return nc;
  }
  const denied = /Permissions Violation/;
  const publish = (nc: NatsConnection, subject: string) =>
    jetstream(nc).publish(subject, JSON.stringify({ probe: subject }));
  const pullOne = async (nc: NatsConnection, stream: string, consumer: string) =>
    (await jetstream(nc).consumers.get(stream, consumer)).next({ expires: 3000 });
  /** A pull request as the raw API call, so a refusal surfaces as the permission error itself. */
  const pullRequest = (nc: NatsConnection, stream: string, consumer: string) =>
    nc.request(
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
      JSON.stringify({ batch: 1, no_wait: true }),
      { timeout: 3000 },
    );
  /** The server answers a refused subscription before the flush's PONG; give the client a moment more. */
  const subscribeClosedWith = async (nc: NatsConnection, subject: string) => {
    const subscription = nc.subscribe(subject);
    await nc.flush();
    return Promise.race([
      subscription.closed,
      new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 500)),
    ]);
  };
  /** Pulls (and acks) until the message on `subject` arrives: earlier probes may have left others. */
  const pullUntil = async (nc: NatsConnection, stream: string, consumer: string, subject: string) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const message = await pullOne(nc, stream, consumer);
      message?.ack();
      if (message === null || message.subject === subject) return message;
    }
    return null;
  };

  beforeAll(async () => {
    nats = await startDeployedNats(NATS_CONF, NATS_USERS);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close()));
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('names only streams, buckets and durable consumers of the Baton layout', () => {
    const streams = new Set<string>([
      ...Object.values(layout.streams),
      ...[
        layout.buckets.ensembles,
        layout.buckets.dedupe,
        layout.buckets.waits,
        layout.buckets.concurrency,
        layout.buckets.kv,
        layout.buckets.leases,
        layout.buckets.keys,
      ].map((b) => `KV_${b}`),
      `OBJ_${layout.buckets.artifacts}`,
    ]);
    const durables = durableConsumers(layout);
    // Comments name a template line (`KV_<bucket>`): only the configuration itself counts.
    const subjects = [...conf.replace(/#.*$/gm, '').matchAll(/"(\$JS\.[^"]+)"/g)].map((match) => match[1]);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      const { stream, consumer } = streamAndConsumerOf(subject);
      // `*` and `>`: every stream (read-only info for every user; the provision user's whole API).
      if (stream === undefined || stream === '*' || stream === '>') continue;
      expect([subject, streams.has(stream)]).toEqual([subject, true]);
      const isDurable =
        consumer !== undefined && !['*', '>'].includes(consumer) && stream.startsWith('BATON_');
      if (isDurable) expect([subject, durables.get(consumer)]).toEqual([subject, stream]);
    }
    expect(
      WORKER_OPERATIONS.every((operation) => durables.get(`worker-${operation}`) === layout.streams.tasks),
    ).toBe(true);
  });

  it('has one user per deployed service, one for `baton provision`, and an admin for operators', () => {
    expect([...NATS_USERS].sort()).toEqual([...DEPLOYED, 'provision', 'admin'].sort());
  });

  describe('provisioning', () => {
    it('refuses `baton provision` as every service user, naming the permission', async () => {
      const outcomes = await Promise.all(DEPLOYED.map((user) => batonProvision(nats.urlFor(user))));
      for (const [i, { code, stderr }] of outcomes.entries()) {
        expect([DEPLOYED[i], code]).toEqual([DEPLOYED[i], 1]);
        expect(stderr).toMatch(/^baton provision: Could not provision .*Permissions Violation/);
        expect(stderr).toContain('run `baton provision` with the provisioning user');
      }
    }, 180_000);

    it('lets a service that only checks (BATON_PROVISION=off) refuse to start before provisioning, naming `baton provision`', async () => {
      await expect(checkLayout(await as('worker'))).rejects.toThrow(
        /NATS is not provisioned for Baton \(missing: BATON_INBOX, .*\): run `baton provision`/,
      );
    });

    it('provisions the whole layout with `baton provision` as the provision user, idempotently', async () => {
      for (let run = 0; run < 2; run++) {
        const { code, stdout, stderr } = await batonProvision(nats.urlFor('provision'));
        expect([code, stderr]).toEqual([0, '']);
        expect(stdout).toContain(`${layoutStreamNames(layout).length} streams and buckets`);
      }
      const jsm = await jetstreamManager(await as('admin'));
      for (const stream of layoutStreamNames(layout)) {
        await expect(jsm.streams.info(stream)).resolves.toBeDefined();
      }
      for (const [consumer, stream] of durableConsumers(layout)) {
        await expect(jsm.consumers.info(stream, consumer)).resolves.toBeDefined();
      }
    }, 120_000);

    it.each([...DEPLOYED])(
      'lets %s check the layout as it does when it starts with BATON_PROVISION=off',
      async (user) => {
        await expect(checkLayout(await as(user))).resolves.toEqual(
          expect.objectContaining({ streams: layout.streams }),
        );
      },
    );

    it.each([...DEPLOYED])(
      'refuses %s creating, updating, deleting or purging any stream, and creating or deleting durable consumers',
      async (user) => {
        const nc = await as(user);
        const admin = await jetstreamManager(await as('admin'));
        const request = (subject: string, body: unknown = {}) =>
          nc.request(subject, JSON.stringify(body), { timeout: 3000 });
        await expect(
          request('$JS.API.STREAM.CREATE.PROBE', { name: 'PROBE', subjects: ['probe.>'] }),
        ).rejects.toThrow(denied);
        for (const stream of layoutStreamNames(layout)) {
          const { config } = await admin.streams.info(stream);
          await expect(request(`$JS.API.STREAM.UPDATE.${stream}`, config)).rejects.toThrow(denied);
          await expect(request(`$JS.API.STREAM.DELETE.${stream}`)).rejects.toThrow(denied);
          // The object store purges a replaced object's chunks: the worker's own store is the exception.
          if (!(user === 'worker' && stream === `OBJ_${layout.buckets.artifacts}`)) {
            await expect(request(`$JS.API.STREAM.PURGE.${stream}`)).rejects.toThrow(denied);
          }
          // The scheduler deletes the timers it fired: its job.
          if (!(user === 'scheduler' && stream === layout.streams.timers)) {
            await expect(request(`$JS.API.STREAM.MSG.DELETE.${stream}`, { seq: 1 })).rejects.toThrow(denied);
          }
        }
        for (const [consumer, stream] of durableConsumers(layout)) {
          const { config } = await admin.consumers.info(stream, consumer);
          const body = { stream_name: stream, config: { ...config, max_deliver: 1 } };
          for (const subject of [
            `$JS.API.CONSUMER.CREATE.${stream}.${consumer}`,
            `$JS.API.CONSUMER.CREATE.${stream}.${consumer}.probe`,
            `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${consumer}`,
            `$JS.API.CONSUMER.DELETE.${stream}.${consumer}`,
          ]) {
            await expect([subject, await request(subject, body).then(() => 'done', String)]).toEqual([
              subject,
              expect.stringMatching(denied),
            ]);
          }
          expect((await admin.consumers.info(stream, consumer)).config.max_deliver).toBe(config.max_deliver);
        }
      },
    );
  });

  describe('the attacks of issue 17, as the worker', () => {
    it('cannot re-point BATON_TIMERS, add a subject to BATON_RUNS or give it max_age=1s: the events stay', async () => {
      const runId = 'probe-attack';
      await publish(await as('orchestrator'), layout.runSubject(runId));
      const worker = await jetstreamManager(await as('worker'));
      const admin = await jetstreamManager(await as('admin'));
      const timers = (await admin.streams.info(layout.streams.timers)).config;
      const runs = (await admin.streams.info(layout.streams.runs)).config;
      await expect(
        worker.streams.update(layout.streams.timers, { subjects: ['attack.timer.>'] }),
      ).rejects.toThrow(denied);
      await expect(
        worker.streams.update(layout.streams.runs, { subjects: [...runs.subjects, 'attack.>'] }),
      ).rejects.toThrow(denied);
      await expect(worker.streams.update(layout.streams.runs, { max_age: 1_000_000_000 })).rejects.toThrow(
        denied,
      );
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await admin.streams.info(layout.streams.timers)).config.subjects).toEqual(timers.subjects);
      const after = (await admin.streams.info(layout.streams.runs)).config;
      expect([after.subjects, after.max_age]).toEqual([runs.subjects, runs.max_age]);
      const kept = await admin.streams.getMessage(layout.streams.runs, {
        last_by_subj: layout.runSubject(runId),
      });
      expect(kept?.subject).toBe(layout.runSubject(runId));
    });

    it('cannot send commands but results: no cancel, resolution, timer firing, run command or old-layout subject', async () => {
      const worker = await as('worker');
      const p = layout.partitionOf('probe-run');
      for (const subject of [
        layout.commandSubject('api', 'probe-run'),
        layout.commandSubject('timer', 'probe-run'),
        layout.commandSubject('run', 'probe-run'),
        'baton.inbox.probe-run',
        `baton.inbox.${p}.forged.probe-run`,
      ]) {
        await expect([subject, await publish(worker, subject).then(() => 'stored', String)]).toEqual([
          subject,
          expect.stringMatching(denied),
        ]);
      }
      await expect(publish(worker, layout.commandSubject('result', 'probe-run'))).resolves.toMatchObject({
        stream: layout.streams.inbox,
      });
    });

    it("cannot take over, pull from or delete the projector's durable consumer, as no service but the projector can", async () => {
      for (const user of ['ingress', 'orchestrator', 'notifier', 'worker']) {
        const nc = await as(user);
        await expect(pullRequest(nc, layout.streams.runs, CONSUMERS.projector)).rejects.toThrow(denied);
        await expect(
          (await jetstreamManager(nc)).consumers.delete(layout.streams.runs, CONSUMERS.projector),
        ).rejects.toThrow(denied);
      }
    });
  });

  it('refuses a service user with a wrong password', async () => {
    await expect(as('ingress', 'not-the-password')).rejects.toThrow(/Authorization Violation/);
  });

  it('lets ingress queue starts and API commands and watch run events, but not publish tasks, run events, timers or others’ commands', async () => {
    const ingress = await as('ingress');
    for (const subject of [layout.startSubject('probe-run'), layout.commandSubject('api', 'probe-run')]) {
      await expect(publish(ingress, subject)).resolves.toMatchObject({ stream: layout.streams.inbox });
    }
    for (const source of ['result', 'timer', 'run'] as const) {
      await expect(publish(ingress, layout.commandSubject(source, 'probe-run'))).rejects.toThrow(denied);
    }
    await expect(publish(ingress, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(ingress, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(ingress, layout.timerSubject('probe-run'))).rejects.toThrow(denied);
    expect(await subscribeClosedWith(ingress, layout.runSubject('probe-run'))).toBe('open');
    expect(String(await subscribeClosedWith(ingress, layout.streamSubjects.tasks))).toMatch(denied);
    await expect(pullRequest(ingress, layout.streams.inbox, 'orchestrator-0')).rejects.toThrow(denied);
  });

  it('lets ingress claim webhook deliveries and read waits, but not open waits', async () => {
    const ingress = await as('ingress');
    const dedupe = await new Kvm(ingress).open(layout.buckets.dedupe);
    await expect(dedupe.create('probe-delivery', 'run-1')).resolves.toBeGreaterThan(0);
    const waits = await new Kvm(ingress).open(layout.buckets.waits);
    await expect(waits.get('probe-wait')).resolves.toBeNull();
    await expect(waits.put('probe-wait', 'run-1')).rejects.toThrow(denied);
  });

  it('lets the orchestrator consume the inbox and append events, tasks and timers, but not write definitions or delete streams', async () => {
    await publish(await as('ingress'), layout.commandSubject('api', 'probe-orchestrator'));
    await publish(await as('ingress'), layout.startSubject('probe-orchestrator'));
    const orchestrator = await as('orchestrator');
    const partition = layout.partitionOf('probe-orchestrator');
    for (const consumer of [`orchestrator-${partition}`, `orchestrator-start-${partition}`]) {
      const command = present(await pullOne(orchestrator, layout.streams.inbox, consumer), 'a command');
      command.ack();
    }
    for (const subject of [layout.startSubject('probe-child'), layout.commandSubject('run', 'probe-run')]) {
      await expect(publish(orchestrator, subject)).resolves.toMatchObject({ stream: layout.streams.inbox });
    }
    await expect(publish(orchestrator, layout.commandSubject('result', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(orchestrator, layout.runSubject('probe-run'))).resolves.toMatchObject({
      stream: layout.streams.runs,
    });
    await expect(publish(orchestrator, layout.taskSubject('http'))).resolves.toMatchObject({
      stream: layout.streams.tasks,
    });
    await expect(publish(orchestrator, layout.timerSubject('probe-run'))).resolves.toMatchObject({
      stream: layout.streams.timers,
    });
    const definitions = await new Kvm(orchestrator).open(layout.buckets.ensembles);
    await expect(definitions.put('probe-ensemble', '{}')).rejects.toThrow(denied);
    await expect((await jetstreamManager(orchestrator)).streams.delete(layout.streams.runs)).rejects.toThrow(
      denied,
    );
  });

  it('lets a worker take its tasks and report results, and nothing else: no starts, timers, tasks or run events, nor the inbox', async () => {
    await publish(await as('orchestrator'), layout.taskSubject('code'));
    const worker = await as('worker');
    const task = await pullUntil(worker, layout.streams.tasks, 'worker-code', layout.taskSubject('code'));
    expect(task?.subject).toBe(layout.taskSubject('code'));
    await expect(publish(worker, layout.commandSubject('result', 'probe-run'))).resolves.toMatchObject({
      stream: layout.streams.inbox,
    });
    // The runs a step sends travel with its result; the orchestrator starts them.
    await expect(publish(worker, layout.startSubject('probe-sent'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.timerSubject('probe-sent'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.commandSubject('api', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(pullRequest(worker, layout.streams.inbox, 'orchestrator-0')).rejects.toThrow(denied);
  });

  it('lets a worker use the kv bucket and the artifact store, which no other service may write', async () => {
    const worker = await as('worker');
    const kv = await new Kvm(worker).open(layout.buckets.kv);
    await kv.put('probe-key', 'value');
    expect((await kv.get('probe-key'))?.string()).toBe('value');
    const artifacts = await new Objm(worker).open(layout.buckets.artifacts);
    await artifacts.putBlob({ name: 'probe-blob' }, new TextEncoder().encode('blob'));
    expect(new TextDecoder().decode((await artifacts.getBlob('probe-blob')) ?? undefined)).toBe('blob');
    const ingressKv = await new Kvm(await as('ingress')).open(layout.buckets.kv);
    await expect(ingressKv.put('probe-key', 'other')).rejects.toThrow(denied);
  });

  it('lets the scheduler hold the database-triggers lease and claim a database change; a worker neither', async () => {
    const scheduler = await as('scheduler');
    const lease = new KvLease(scheduler, {
      bucket: layout.buckets.leases,
      key: DATABASE_TRIGGERS_LEASE,
      ttlMs: 1000,
    });
    await lease.start();
    try {
      await waitFor('the scheduler to hold the lease', async () => lease.held || undefined);
    } finally {
      await lease.stop();
    }
    await expect(new DedupeStore(scheduler).claim('database:probe:0:change-1', 'probe-run')).resolves.toEqual(
      {
        runId: 'probe-run',
        duplicate: false,
      },
    );
    const worker = await as('worker');
    const claims = await new Kvm(worker).open(layout.buckets.dedupe);
    await expect(claims.create('database-probe-change-2', '{}')).rejects.toThrow(denied);
    const leases = await new Kvm(worker).open(layout.buckets.leases);
    await expect(leases.put(DATABASE_TRIGGERS_LEASE, '{}')).rejects.toThrow(denied);
    const ensembles = await new Kvm(worker).open(layout.buckets.ensembles);
    await expect(ensembles.put('probe-ensemble', '{}')).rejects.toThrow(denied);
  });

  it('lets the scheduler index the timer store, fire a due timer into the inbox under its lease, and nothing more', async () => {
    const runId = 'probe-scheduler';
    await new TimerStore(await as('orchestrator')).schedule({
      id: `${runId}:retry`,
      dueAt: Date.now(),
      target: {
        subject: layout.commandSubject('timer', runId),
        payload: new TextEncoder().encode('{}'),
        msgId: `${runId}:retry`,
      },
    });
    const scheduler = await as('scheduler');
    const timers = new TimerScheduler(scheduler, { leaseTtlMs: 1000 });
    await timers.start();
    try {
      const admin = await jetstreamManager(await as('admin'));
      const fired = await waitFor('the probe timer to fire into the inbox', async () =>
        admin.streams
          .getMessage(layout.streams.inbox, { last_by_subj: layout.commandSubject('timer', runId) })
          .catch(() => undefined),
      );
      expect(fired?.header.get('Nats-Msg-Id')).toBe(`${runId}:retry`);
      await waitFor('the fired timer to be deleted', async () => {
        const subject = layout.timerSubject(`${runId}:retry`);
        const info = await admin.streams.info(layout.streams.timers, { subjects_filter: subject });
        return (info.state.subjects?.[subject] ?? 0) === 0 || undefined;
      });
    } finally {
      await timers.stop();
    }
    await expect(publish(scheduler, layout.startSubject('probe-cron'))).resolves.toMatchObject({
      stream: layout.streams.inbox,
    });
    // A cron instant: its dedupe claim (a second firing finds the first), and how far cron fired.
    const claims = new DedupeStore(scheduler);
    await expect(claims.claim('cron:probe:0:2026-01-01T00:00:00.000Z', 'probe-cron')).resolves.toEqual({
      runId: 'probe-cron',
      duplicate: false,
    });
    await expect(claims.claim('cron:probe:0:2026-01-01T00:00:00.000Z', 'other')).resolves.toEqual({
      runId: 'probe-cron',
      duplicate: true,
    });
    const leases = await new Kvm(scheduler).open(layout.buckets.leases);
    await leases.put(CRON_PROGRESS_KEY, '{"upTo":0}');
    expect((await leases.get(CRON_PROGRESS_KEY))?.string()).toBe('{"upTo":0}');
    await expect(publish(scheduler, layout.commandSubject('api', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.timerSubject('probe-run'))).rejects.toThrow(denied);
    await expect((await jetstreamManager(scheduler)).streams.purge(layout.streams.timers)).rejects.toThrow(
      denied,
    );
  });

  it('lets the projector read the event log and publish nothing', async () => {
    await publish(await as('orchestrator'), layout.runSubject('probe-projector'));
    const projector = await as('projector');
    const event = await pullUntil(
      projector,
      layout.streams.runs,
      'projector',
      layout.runSubject('probe-projector'),
    );
    expect(event?.subject).toBe(layout.runSubject('probe-projector'));
    await expect(publish(projector, layout.startSubject('probe-run'))).rejects.toThrow(denied);
    await expect(pullRequest(projector, layout.streams.tasks, 'worker-http')).rejects.toThrow(denied);
  });

  it('lets ingress queue webhook log lines that only the projector takes, and no other service write them', async () => {
    await expect(publish(await as('ingress'), layout.webhookLogSubject)).resolves.toMatchObject({
      stream: layout.streams.webhookLogs,
    });
    const projector = await as('projector');
    const lines = await pullUntil(
      projector,
      layout.streams.webhookLogs,
      CONSUMERS.webhookLogs,
      layout.webhookLogSubject,
    );
    expect(lines?.subject).toBe(layout.webhookLogSubject);
    await expect(publish(projector, layout.webhookLogSubject)).rejects.toThrow(denied);
    await expect(publish(await as('worker'), layout.webhookLogSubject)).rejects.toThrow(denied);
    await expect(
      pullRequest(await as('ingress'), layout.streams.webhookLogs, CONSUMERS.webhookLogs),
    ).rejects.toThrow(denied);
  });

  it('lets the notifier consume the event log and its attempts, queue attempts and retry timers, and nothing more', async () => {
    await publish(await as('orchestrator'), layout.runSubject('probe-notifier'));
    const notifier = await as('notifier');
    const event = await pullUntil(
      notifier,
      layout.streams.runs,
      'notifier',
      layout.runSubject('probe-notifier'),
    );
    expect(event?.subject).toBe(layout.runSubject('probe-notifier'));
    await expect(publish(notifier, layout.deliverySubject('probe-delivery'))).resolves.toMatchObject({
      stream: layout.streams.deliveries,
    });
    const job = await pullUntil(
      notifier,
      layout.streams.deliveries,
      'notifier-deliveries',
      layout.deliverySubject('probe-delivery'),
    );
    expect(job?.subject).toBe(layout.deliverySubject('probe-delivery'));
    await expect(publish(notifier, layout.timerSubject('probe-retry'))).resolves.toMatchObject({
      stream: layout.streams.timers,
    });
    await expect(publish(notifier, layout.startSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(notifier, layout.commandSubject('api', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(notifier, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(notifier, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(pullRequest(notifier, layout.streams.tasks, 'worker-http')).rejects.toThrow(denied);
    await expect(pullRequest(notifier, layout.streams.inbox, 'orchestrator-0')).rejects.toThrow(denied);
  });

  it('lets ingress queue a redelivery and read the approval key, which only a worker may create', async () => {
    await expect(
      publish(await as('ingress'), layout.deliverySubject('probe-redelivery')),
    ).resolves.toMatchObject({
      stream: layout.streams.deliveries,
    });
    const workerKeys = await new Kvm(await as('worker')).open(layout.buckets.keys);
    await workerKeys.create('probe-key', 'generated');
    const ingressKeys = await new Kvm(await as('ingress')).open(layout.buckets.keys);
    expect((await ingressKeys.get('probe-key'))?.string()).toBe('generated');
    await expect(ingressKeys.put('probe-key', 'forged')).rejects.toThrow(denied);
  });

  describe('with the real services, each connected as its own user', () => {
    const running: Service[] = [];
    let database: { url: string; dispose(): Promise<void> };
    let baseUrl: string;
    /** The server log up to here holds the probes' deliberate violations; only what follows counts. */
    let logBefore = 0;
    const API_KEY = 'deploy-e2e-api-key';
    const newViolations = () =>
      nats
        .log()
        .slice(logBefore)
        .split('\n')
        .filter((line) => line.includes('Violation'));

    interface ApiBody {
      readonly runId?: string;
      readonly id?: string;
      readonly status?: string;
      readonly output?: unknown;
      readonly agents?: Record<string, { status: string }>;
      readonly runs?: Array<{ ensemble: string; status: string }>;
      readonly events?: unknown[];
    }

    async function api(path: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
      const res = await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as ApiBody };
    }

    beforeAll(async () => {
      // The probes above left messages that are no commands, tasks or events: start from empty streams.
      const admin = await as('admin');
      await provision(admin);
      const jsm = await jetstreamManager(admin);
      await Promise.all(Object.values(layout.streams).map((stream) => jsm.streams.purge(stream)));
      await admin.close();
      logBefore = nats.log().length;
      database = await createDatabase('baton_deploy_e2e');
      const logDir = mkdtempSync(join(tmpdir(), 'baton-deploy-logs-'));
      const ingressPort = await freePort();
      baseUrl = `http://127.0.0.1:${ingressPort}`;
      for (const name of BUILT) {
        const healthPort = name === 'ingress' ? ingressPort : await freePort();
        const svc = service(
          name,
          {
            NATS_URL: nats.urlFor(name),
            DATABASE_URL: database.url,
            ENSEMBLES_DIR: join(FIXTURES, 'ensembles'),
            INGRESS_PORT: String(ingressPort),
            HEALTH_PORT: String(healthPort),
            BATON_API_KEY: API_KEY,
            // Their users may not provision: they check the layout `baton provision` made.
            BATON_PROVISION: 'off',
            LOG_LEVEL: 'debug',
          },
          healthPort,
          logDir,
        );
        await svc.start();
        running.push(svc);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(running.map((svc) => svc.kill()));
      await database?.dispose();
    });

    it('run a task, a timer, a resolved wait and a queue send with no permission violation', async () => {
      const { body: started } = await api('/api/ensembles/deploy-check/runs', { n: 21 });
      await waitFor(
        'the wait to open',
        async () => (await api(`/api/runs/${started.runId}`)).body.agents?.approval?.status === 'waiting',
      );
      expect((await api('/api/waits/deploy-check-21', { action: 'approve' })).status).toBeLessThan(300);
      const run = await waitFor('deploy-check to end', async () => {
        const { body } = await api(`/api/runs/${started.runId}`);
        return body.status === 'completed' || body.status === 'failed' ? body : undefined;
      });
      expect(run).toMatchObject({ status: 'completed', output: { doubled: 42, approved: 'approve' } });
      const followUps = await waitFor('the queued run to be projected', async () => {
        const { body } = await api('/api/runs?ensemble=deploy-follow-up');
        return body.runs?.find((r) => r.status === 'completed');
      });
      expect(followUps).toMatchObject({ ensemble: 'deploy-follow-up' });
      expect(newViolations()).toEqual([]);
    });

    it('apply no command a worker forges: a cancel on its results subject, a result for an attempt that is not outstanding', async () => {
      const { body: started } = await api('/api/ensembles/deploy-check/runs', { n: 4 });
      const runId = String(started.runId);
      await waitFor(
        'the wait to open',
        async () => (await api(`/api/runs/${runId}`)).body.agents?.approval?.status === 'waiting',
      );
      const before = (await api(`/api/runs/${runId}/events`)).body.events?.length;
      const worker = await as('worker');
      const at = new Date().toISOString();
      const results = layout.commandSubject('result', runId);
      const forged = [
        // a cancel (ingress's lane) sent on the results subject
        {
          type: 'CancelRun',
          runId,
          commandId: `forged-cancel-${runId}`,
          at,
          reason: 'forged',
          requestedBy: 'api',
        },
        // compute's attempt 1 ended already; attempt 2 never existed; approval is no task
        ...[
          { agent: 'compute', attempt: 1 },
          { agent: 'compute', attempt: 2 },
          { agent: 'approval', attempt: 1 },
        ].map(({ agent, attempt }) =>
          taskResult(
            { runId, taskId: `${runId}:${agent}:0:${attempt}`, agent, iteration: 0, attempt },
            { at, outcome: { ok: true, output: { doubled: -1, action: 'forged' } } },
          ),
        ),
      ];
      for (const command of forged) {
        await expect(jetstream(worker).publish(results, JSON.stringify(command))).resolves.toMatchObject({
          stream: layout.streams.inbox,
        });
      }
      // Consumed and dropped: the inbox's commands consumer of the run's partition has nothing left.
      const admin = await jetstreamManager(await as('admin'));
      await waitFor('the forged commands to be consumed', async () => {
        const info = await admin.consumers.info(
          layout.streams.inbox,
          `orchestrator-${layout.partitionOf(runId)}`,
        );
        return (info.num_pending === 0 && info.num_ack_pending === 0) || undefined;
      });
      const { body: run } = await api(`/api/runs/${runId}`);
      expect([run.status, run.agents?.approval?.status]).toEqual(['running', 'waiting']);
      expect((await api(`/api/runs/${runId}/events`)).body.events?.length).toBe(before);
      expect((await api('/api/waits/deploy-check-4', { action: 'approve' })).status).toBeLessThan(300);
      const ended = await waitFor('deploy-check to end', async () => {
        const { body } = await api(`/api/runs/${runId}`);
        return body.status === 'completed' || body.status === 'failed' ? body : undefined;
      });
      expect(ended).toMatchObject({ status: 'completed', output: { doubled: 8, approved: 'approve' } });
      expect(newViolations()).toEqual([]);
    });

    it('answer ?wait= and read a long event log with no permission violation', async () => {
      const items = Array.from({ length: 20 }, (_, i) => i);
      const { status, body: run } = await api('/api/ensembles/deploy-many-steps/runs?wait=30s', { items });
      expect([status, run.status, run.output]).toEqual([200, 'completed', { count: 20 }]);
      const { body } = await api(`/api/runs/${run.id}/events`);
      expect(body.events?.length).toBeGreaterThan(32);
      expect(newViolations()).toEqual([]);
    });
  });
});
