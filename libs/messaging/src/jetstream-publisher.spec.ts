import { Socket } from 'node:net';
import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { hasApiCode, API_CODES } from './api-error-codes';
import { connectNats } from './connect-nats';
import { JetStreamPublisher, jetStreamPublisher, type PublishFlush } from './jetstream-publisher';
import { MessagingError } from './messaging-error';
import { NATS_URL, type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('JetStreamPublisher', () => {
  let env: IsolatedLayout;
  let publisher: JetStreamPublisher;
  let subject: (token: string) => string;

  beforeAll(async () => {
    env = await isolatedLayout('publisher');
    publisher = jetStreamPublisher(env.nc);
    subject = (token) => env.layout.commandSubject('api', token);
  });

  afterAll(() => env.teardown());
  afterEach(() => jest.restoreAllMocks());

  it('is one publisher per connection', () => {
    expect(jetStreamPublisher(env.nc)).toBe(publisher);
  });

  it('resolves with the stream and sequence JetStream stored the message at', async () => {
    const jsm = await jetstreamManager(env.nc);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ack = await publisher.publishJson(subject('stored'), { n: 1 }, { traceparent });
    expect(ack).toEqual({ stream: env.layout.streams.inbox, seq: expect.any(Number), duplicate: false });
    const stored = await jsm.streams.getMessage(env.layout.streams.inbox, { seq: ack.seq });
    expect(stored?.subject).toBe(subject('stored'));
    expect(stored?.json()).toEqual({ n: 1 });
    // Tracing is off in this file: the message's own trace is forwarded as it came.
    expect(stored?.header.get('traceparent')).toBe(traceparent);
  });

  it('answers a message id seen before as a duplicate of the first, storing nothing new', async () => {
    const first = await publisher.publishJson(subject('dup'), { n: 1 }, { msgID: 'dup-1' });
    const again = await publisher.publishJson(subject('dup'), { n: 2 }, { msgID: 'dup-1' });
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it("refuses a publish whose expected last subject sequence is not the subject's, with JetStream's error", async () => {
    const first = await publisher.publishJson(subject('expect'), { n: 1 }, { expectLastSubjectSequence: 0 });
    const second = await publisher.publishJson(
      subject('expect'),
      { n: 2 },
      { expectLastSubjectSequence: first.seq },
    );
    expect(second.seq).toBeGreaterThan(first.seq);
    const stale = publisher.publishJson(
      subject('expect'),
      { n: 3 },
      { expectLastSubjectSequence: first.seq },
    );
    await expect(stale).rejects.toBeInstanceOf(JetStreamApiError);
    expect(hasApiCode(await stale.catch((e: unknown) => e), API_CODES.StreamWrongLastSequence)).toBe(true);
  });

  it('matches every acknowledgement to its own publish when many are in flight', async () => {
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) => publisher.publishJson(subject(`many-${i}`), { i })),
    );
    const jsm = await jetstreamManager(env.nc);
    const stored = await Promise.all(
      acks.map((ack) => jsm.streams.getMessage(env.layout.streams.inbox, { seq: ack.seq })),
    );
    expect(stored.map((m) => m?.json<{ i: number }>().i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  /** Publishes once from each of fifty callbacks of one turn (as fifty webhook requests would); the socket writes that carried them. */
  async function socketWritesOfOneTurn(flush: PublishFlush): Promise<string[]> {
    const nc = await connectNats({
      url: NATS_URL,
      name: `messaging-spec-publisher-${flush}`,
      publishFlush: flush,
    });
    try {
      const own = jetStreamPublisher(nc);
      const target = subject(`flush-${flush}`);
      const write = jest.spyOn(Socket.prototype, 'write');
      const acks = await new Promise<Promise<unknown>[]>((resolve) => {
        const started: Promise<unknown>[] = [];
        for (let i = 0; i < 50; i++) {
          setImmediate(() => {
            started.push(own.publishJson(target, { i }));
            if (started.length === 50) resolve(started);
          });
        }
      });
      await Promise.all(acks);
      return write.mock.calls
        .map(([chunk]) => Buffer.from(chunk as Uint8Array).toString())
        .filter((text) => text.includes(`PUB ${target} `));
    } finally {
      await nc.close();
    }
  }

  it("with flush 'turn', writes the publishes of one event-loop turn to the socket together", async () => {
    const writes = await socketWritesOfOneTurn('turn');
    expect(writes).toHaveLength(1);
    expect(writes[0].match(/PUB \S+flush-turn /g)).toHaveLength(50);
  });

  it("with flush 'microtask' (the default), writes each caller's publish as soon as it yields", async () => {
    expect(await socketWritesOfOneTurn('microtask')).toHaveLength(50);
  });

  it('fails a publish no stream takes with publish-failed, at once', async () => {
    const attempt = publisher.publishJson('nobody.listens.here', { n: 1 });
    await expect(attempt).rejects.toBeInstanceOf(MessagingError);
    await expect(attempt).rejects.toMatchObject({
      code: 'publish-failed',
      message: expect.stringContaining('nobody.listens.here'),
    });
  });

  it('fails a publish that is not acknowledged in time', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-publisher-timeout' });
    try {
      // Something answers requests on the subject (so no "no responders"), but never acknowledges.
      const silent = nc.subscribe('publisher.spec.silent');
      await nc.flush();
      const attempt = new JetStreamPublisher(nc, { ackTimeoutMs: 300 }).publishJson('publisher.spec.silent', {
        n: 1,
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'publish-failed',
        message: expect.stringContaining('within 300 ms'),
      });
      silent.unsubscribe();
    } finally {
      await nc.close();
    }
  });

  it('fails the publishes still waiting when the connection closes, and refuses new ones', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-publisher-close' });
    const own = new JetStreamPublisher(nc);
    nc.subscribe('publisher.spec.never');
    await nc.flush();
    const waiting = own.publishJson('publisher.spec.never', { n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    await nc.close();
    await expect(waiting).rejects.toMatchObject({
      code: 'publish-failed',
      message: expect.stringContaining('closed'),
    });
    await expect(own.publishJson(subject('after-close'), { n: 1 })).rejects.toMatchObject({
      code: 'publish-failed',
    });
  });

  it('refuses a publish once the connection is draining, as a rejection', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-publisher-drain' });
    const own = new JetStreamPublisher(nc);
    const draining = nc.drain();
    await expect(own.publishJson(subject('while-draining'), { n: 1 })).rejects.toMatchObject({
      code: 'publish-failed',
    });
    await draining;
  });
});
