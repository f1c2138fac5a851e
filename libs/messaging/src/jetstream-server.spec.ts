import type { CancelRun } from '@baton/engine';
import { Controller, Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, type MicroserviceOptions, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { startRun } from '@baton/intake';
import { JetStreamInbox } from './inbox';
import { JetStreamContext } from './jetstream-context';
import { JetStreamServer, type JetStreamServerOptions } from './jetstream-server';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

const cancel = fixture<CancelRun>('command-cancel');
const at = '2026-01-01T00:00:00.000Z';
const trigger = { type: 'api' } as const;

interface Delivery {
  readonly data: CancelRun;
  readonly subject: string;
  readonly redeliveries: number;
  readonly traceparent: string | undefined;
}

/** What the handler does, swapped by each test; every call is recorded. */
@Injectable()
class Probe {
  deliveries: Delivery[] = [];
  behaviour: (data: CancelRun, ctx: JetStreamContext) => Promise<void> = async () => undefined;
}

@Controller()
class OrchestratorHandlers {
  constructor(private readonly probe: Probe) {}

  @EventPattern<string>('orchestrator-0')
  async onCommand(@Payload() data: CancelRun, @Ctx() ctx: JetStreamContext): Promise<void> {
    this.probe.deliveries.push({
      data,
      subject: ctx.getSubject(),
      redeliveries: ctx.getRedeliveryCount(),
      traceparent: ctx.getTraceparent(),
    });
    await this.probe.behaviour(data, ctx);
  }
}

@Module({ controllers: [OrchestratorHandlers], providers: [Probe] })
class OrchestratorModule {}

/** Commands and starts of the one partition, recorded in the order their handlers began. */
@Injectable()
class Lanes {
  began: string[] = [];
  release = deferred();
}

@Controller()
class LaneHandlers {
  constructor(private readonly lanes: Lanes) {}

  @EventPattern<string>('orchestrator-0')
  async onCommand(@Payload() data: { runId: string }): Promise<void> {
    this.lanes.began.push(`command ${data.runId}`);
    await this.lanes.release.promise;
  }

  @EventPattern<string>('orchestrator-start-0')
  async onStart(@Payload() data: { runId: string }): Promise<void> {
    this.lanes.began.push(`start ${data.runId}`);
  }
}

@Module({ controllers: [LaneHandlers], providers: [Lanes] })
class LanesModule {}

@Controller()
class UnknownConsumerHandlers {
  @EventPattern<string>('billing')
  onBilling(data: unknown): unknown {
    return data;
  }
}

@Module({ controllers: [UnknownConsumerHandlers] })
class UnknownConsumerModule {}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  const settle: { resolve?: () => void } = {};
  const promise = new Promise<void>((done) => (settle.resolve = done));
  return { promise, resolve: () => settle.resolve?.() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JetStreamServer', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let inbox: JetStreamInbox;
  const apps: INestMicroservice[] = [];

  const start = async (
    options: Partial<JetStreamServerOptions> = {},
    module: object = OrchestratorModule,
  ) => {
    const server = new JetStreamServer({
      url: NATS_URL,
      name: 'messaging-spec-server',
      prefix: env.prefix,
      partitions: 1,
      redeliveryDelay: () => 100,
      ...options,
    });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
      strategy: server,
      logger: false,
    });
    apps.push(app);
    await app.listen();
    // Nest ends the process when asked for a provider a module lacks: only OrchestratorModule has a Probe.
    const probe = module === OrchestratorModule ? app.get(Probe, { strict: false }) : new Probe();
    return { app, server, probe };
  };

  const inboxCount = async (runId: string): Promise<number> => {
    const subject = env.layout.commandSubject('api', runId);
    return (
      (await jsm.streams.info(env.layout.streams.inbox, { subjects_filter: subject })).state.subjects?.[
        subject
      ] ?? 0
    );
  };

  const commandFor = (runId: string): CancelRun => ({ ...cancel, runId, commandId: `cancel-${runId}` });

  beforeAll(async () => {
    env = await isolatedLayout('server', { ackWaitMs: 2000, partitions: 1 });
    jsm = await jetstreamManager(env.nc);
    inbox = new JetStreamInbox(env.nc, { prefix: env.prefix, partitions: 1 });
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(() => env.teardown());

  it('hands the decoded message and its context to the @EventPattern handler, and acks it once the handler resolved', async () => {
    const { probe } = await start();
    await inbox.send(commandFor('run-ok'));
    const delivery = await eventually(async () => probe.deliveries.find((d) => d.data.runId === 'run-ok'));
    expect(delivery).toEqual({
      data: commandFor('run-ok'),
      subject: env.layout.commandSubject('api', 'run-ok'),
      redeliveries: 0,
      traceparent: cancel.traceparent,
    });
    await eventually(async () => ((await inboxCount('run-ok')) === 0 ? true : undefined));
  });

  it('delivers a message again after its handler threw, and acks it when the handler then succeeds', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const { probe } = await start();
    probe.behaviour = async (_data, ctx) => {
      if (ctx.getRedeliveryCount() === 0) throw new Error('database unavailable');
    };
    await inbox.send(commandFor('run-retry'));
    await eventually(async () => ((await inboxCount('run-retry')) === 0 ? true : undefined));
    expect(probe.deliveries.filter((d) => d.data.runId === 'run-retry').map((d) => d.redeliveries)).toEqual([
      0, 1,
    ]);
    const warning = warn.mock.calls.map(([message]) => String(message)).find((m) => m.includes('run-retry'));
    expect(warning).toMatch(
      /failed on .*run-retry #\d+ \(delivery 1\), redelivering in 100 ms: its error is logged/,
    );
    warn.mockRestore();
  });

  it('tells onHandled of each message settled: its consumer, disposition and handling time', async () => {
    const handled: Array<{ consumer: string; kind: string; seconds: number }> = [];
    const { probe } = await start({
      onHandled: (consumer, disposition, seconds) =>
        handled.push({ consumer, kind: disposition.kind, seconds }),
    });
    probe.behaviour = async (_data, ctx) => {
      if (ctx.getRedeliveryCount() === 0) throw new Error('first delivery fails');
    };
    await inbox.send(commandFor('run-handled'));
    await eventually(async () => (handled.length === 2 ? true : undefined));
    expect(handled.map(({ consumer, kind }) => [consumer, kind])).toEqual([
      ['orchestrator-0', 'nak'],
      ['orchestrator-0', 'ack'],
    ]);
    expect(handled.every(({ seconds }) => seconds >= 0 && seconds < 10)).toBe(true);
  });

  it('pulls a claimable consumer only between resume and pause', async () => {
    const { probe, server } = await start({ claimable: (consumer) => consumer === 'orchestrator-0' });
    await inbox.send(commandFor('run-claimed-1'));
    await sleep(500);
    expect(probe.deliveries.filter((d) => d.data.runId === 'run-claimed-1')).toEqual([]);
    await server.resume(['orchestrator-0']);
    await eventually(async () => ((await inboxCount('run-claimed-1')) === 0 ? true : undefined));
    await server.pause(['orchestrator-0']);
    await inbox.send(commandFor('run-claimed-2'));
    await sleep(500);
    expect(probe.deliveries.filter((d) => d.data.runId === 'run-claimed-2')).toEqual([]);
    expect(await inboxCount('run-claimed-2')).toBe(1);
    await server.resume(['orchestrator-0']);
    await eventually(async () => ((await inboxCount('run-claimed-2')) === 0 ? true : undefined));
  });

  it('terminates a message whose payload is not JSON without calling any handler', async () => {
    const { probe } = await start();
    await jetstream(env.nc).publish(env.layout.commandSubject('api', 'run-poison'), 'not json');
    await eventually(async () => ((await inboxCount('run-poison')) === 0 ? true : undefined));
    expect(probe.deliveries.filter((d) => d.subject.endsWith('run-poison'))).toEqual([]);
  });

  it('runs no more handlers at once than maxInFlight allows', async () => {
    const { probe } = await start({ maxInFlight: { 'orchestrator-0': 2 } });
    const gate = deferred();
    let running = 0;
    let mostAtOnce = 0;
    probe.behaviour = async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await gate.promise;
      running--;
    };
    await Promise.all(['b1', 'b2', 'b3', 'b4', 'b5'].map((runId) => inbox.send(commandFor(`run-${runId}`))));
    await eventually(async () => (probe.deliveries.length >= 2 ? true : undefined));
    await sleep(300);
    expect(probe.deliveries).toHaveLength(2);
    gate.resolve();
    await eventually(async () => (probe.deliveries.length === 5 ? true : undefined));
    expect(mostAtOnce).toBe(2);
  });

  it('waits in close() for the handler in hand, then acks its message', async () => {
    const { app, probe } = await start();
    const gate = deferred();
    probe.behaviour = () => gate.promise;
    await inbox.send(commandFor('run-slow'));
    await eventually(async () => probe.deliveries.find((d) => d.data.runId === 'run-slow'));
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await sleep(300);
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    expect(await inboxCount('run-slow')).toBe(0);
  });

  it('delivers the message of a handler killed mid-flight to another instance', async () => {
    const first = await start();
    const hung = deferred();
    first.probe.behaviour = () => hung.promise;
    await inbox.send(commandFor('run-killed'));
    await eventually(async () => first.probe.deliveries.find((d) => d.data.runId === 'run-killed'));
    // The process dies: its connection goes without acking, as a crash would leave it.
    await first.server.unwrap<NatsConnection>().close();

    const second = await start();
    const redelivered = await eventually(async () =>
      second.probe.deliveries.find((d) => d.data.runId === 'run-killed'),
    );
    expect(redelivered.redeliveries).toBe(1);
    await eventually(async () => ((await inboxCount('run-killed')) === 0 ? true : undefined));
    hung.resolve();
  });

  it('takes a low-priority consumer’s messages only while the others of its stream are idle', async () => {
    const { app } = await start(
      { maxInFlight: 1, lowPriority: (consumer) => consumer.startsWith('orchestrator-start-') },
      LanesModule,
    );
    const lanes = app.get(Lanes);
    const startOf = (runId: string) =>
      startRun({ runId, at, ensemble: 'e', revision: 1, input: {}, trigger });
    try {
      await Promise.all(['c1', 'c2', 'c3'].map((runId) => inbox.send(commandFor(runId))));
      await eventually(async () => (lanes.began.length > 0 ? true : undefined));
      // A pull of starts made while all was idle ends within 5 s; none is made while commands wait.
      await sleep(5500);
      await inbox.send(startOf('s1'));
      await sleep(500);
      expect(lanes.began).toEqual(['command c1']);
      lanes.release.resolve();
      await eventually(async () => (lanes.began.includes('start s1') ? true : undefined));
      // Every command began before the start (a command held past the spec's 2 s ack wait may
      // have been delivered twice).
      expect(lanes.began.at(-1)).toBe('start s1');
      expect(new Set(lanes.began.slice(0, -1))).toEqual(new Set(['command c1', 'command c2', 'command c3']));
    } finally {
      lanes.release.resolve();
    }
  }, 20_000);

  it('refuses to listen when the layout was never provisioned, saying so', async () => {
    await expect(start({ prefix: 'TNEVERPROVISIONED_' })).rejects.toMatchObject({ code: 'not-provisioned' });
  });

  it('refuses to listen for a pattern that names no consumer of the layout', async () => {
    await expect(start({}, UnknownConsumerModule)).rejects.toMatchObject({ code: 'unknown-consumer' });
  });
});
