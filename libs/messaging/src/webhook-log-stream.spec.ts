import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { CONSUMERS } from './nats-layout';
import { provision, removeLayout } from './provision';
import { connectNats } from './connect-nats';
import { NATS_URL, uniquePrefix } from './test-support/isolated-layout';
import { WebhookLogStream } from './webhook-log-stream';

describe('WebhookLogStream', () => {
  it('gathers lines into messages of at most 100, each with its own id, and sends the rest on close', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'webhook-log-stream-spec' });
    const prefix = uniquePrefix('wls');
    const layout = await provision(nc, { prefix });
    try {
      const stream = new WebhookLogStream(nc, { prefix, flushMs: 10_000 });
      for (let index = 0; index < 250; index++) stream.add({ n: index });
      expect(await stream.close()).toBe(0);

      const consumer = await jetstream(nc).consumers.get(layout.streams.webhookLogs, CONSUMERS.webhookLogs);
      const bodies: Array<{ lines: Array<{ n: number }> }> = [];
      const ids = new Set<string>();
      for await (const msg of await consumer.fetch({ max_messages: 10, expires: 1000 })) {
        bodies.push(msg.json());
        ids.add(msg.headers?.get('Nats-Msg-Id') ?? '');
        msg.ack();
      }
      expect(bodies.map((body) => body.lines.length)).toEqual([100, 100, 50]);
      expect(bodies.flatMap((body) => body.lines.map((line) => line.n))).toEqual(
        Array.from({ length: 250 }, (_, index) => index),
      );
      expect(ids.size).toBe(3);
    } finally {
      await removeLayout(nc, { prefix });
      await nc.close();
    }
  });

  it('holds a message NATS refuses (no stream yet) and sends it again until it is stored, once', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'webhook-log-stream-spec' });
    const prefix = uniquePrefix('wlr');
    const troubles: string[] = [];
    try {
      const stream = new WebhookLogStream(nc, {
        prefix,
        flushMs: 1,
        retryMs: 100,
        onTrouble: (m) => troubles.push(m),
      });
      stream.add({ n: 1 });
      stream.add({ n: 2 });
      const deadline = Date.now() + 10_000;
      while (troubles.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(troubles[0]).toMatch(/^2 webhook log lines not sent yet, retrying: /);

      const layout = await provision(nc, { prefix });
      expect(await stream.close(5000)).toBe(0);
      const state = (await (await jetstreamManager(nc)).streams.info(layout.streams.webhookLogs)).state;
      expect(state.messages).toBe(1);
    } finally {
      await removeLayout(nc, { prefix });
      await nc.close();
    }
  });
});
