import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { BatchConsumerLoop } from './batch-consumer-loop';
import type { Disposition } from './consumer-loop';
import { CONSUMERS } from './nats-layout';
import { eventually } from './test-support/eventually';
import { isolatedLayout, type IsolatedLayout } from './test-support/isolated-layout';

const silent = { warn: () => undefined, error: () => undefined };
const ack: Disposition = { kind: 'ack' };

jest.setTimeout(30_000);

describe('BatchConsumerLoop', () => {
  let env: IsolatedLayout;
  const loops: BatchConsumerLoop[] = [];

  beforeEach(async () => {
    // A short ack wait: what was in flight to a loop that stopped comes back soon (at least once).
    env = await isolatedLayout('batch', { ackWaitMs: 2000 });
  });
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
    await env.teardown();
  });

  async function publish(count: number, from = 0): Promise<void> {
    const js = jetstream(env.nc);
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        js.publish(env.layout.runSubject(`r${from + index}`), `${from + index}`),
      ),
    );
  }

  function startLoop(
    maxBatch: number,
    handle: (messages: readonly JsMsg[]) => Promise<readonly Disposition[]>,
  ): Promise<BatchConsumerLoop> {
    const loop = new BatchConsumerLoop(env.nc, {
      stream: env.layout.streams.runs,
      consumer: CONSUMERS.projector,
      maxBatch,
      handle,
      logger: silent,
      redeliveryDelay: () => 50,
    });
    loops.push(loop);
    return loop.start().then(() => loop);
  }

  it('hands a backlog over in batches of at most maxBatch, in stream order, and acks each after its batch', async () => {
    await publish(100);
    const batches: number[][] = [];
    await startLoop(16, async (messages) => {
      batches.push(messages.map((msg) => msg.seq));
      return messages.map(() => ack);
    });

    await eventually(async () => (batches.flat().length >= 100 ? true : undefined));
    expect(batches.flat()).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(16);
    expect(batches.length).toBeLessThan(100);
    expect(
      await eventually(async () => {
        const info = await (
          await jetstreamManager(env.nc)
        ).consumers.info(env.layout.streams.runs, CONSUMERS.projector);
        const backlog = { pending: info.num_pending, ackPending: info.num_ack_pending };
        return backlog.pending === 0 && backlog.ackPending === 0 ? backlog : undefined;
      }),
    ).toEqual({ pending: 0, ackPending: 0 });
  });

  it('redelivers the messages its handler NAKs, and every message of a batch whose handler threw', async () => {
    await publish(6);
    const seen: number[] = [];
    let failedOnce = false;
    await startLoop(8, async (messages) => {
      seen.push(...messages.map((msg) => msg.seq));
      if (!failedOnce && messages.some((msg) => msg.seq === 5)) {
        failedOnce = true;
        throw new Error('database down');
      }
      return messages.map((msg) =>
        msg.seq === 2 && msg.info.deliveryCount === 1 ? { kind: 'nak', delayMs: 10 } : ack,
      );
    });

    await eventually(async () => {
      const counts = new Map<number, number>();
      for (const seq of seen) counts.set(seq, (counts.get(seq) ?? 0) + 1);
      return [1, 2, 3, 4, 5, 6].every((seq) => counts.has(seq)) &&
        (counts.get(2) ?? 0) >= 2 &&
        (counts.get(5) ?? 0) >= 2
        ? true
        : undefined;
    });
  });

  it('takes a message that arrives alone without waiting for others', async () => {
    const batches: number[][] = [];
    await startLoop(64, async (messages) => {
      batches.push(messages.map((msg) => msg.seq));
      return messages.map(() => ack);
    });
    await publish(1);
    await eventually(async () => (batches.length === 1 ? true : undefined));
    expect(batches).toEqual([[1]]);
  });

  it('on stop, finishes the batch in hand and leaves what it had not handed over to another replica', async () => {
    // (Messages in flight to the stopping loop's pull come back after the ack wait.)
    await publish(40);
    let release: () => void = () => undefined;
    const inHand = new Promise<void>((resolve) => (release = resolve));
    const firstBatch: number[] = [];
    const loop = await startLoop(10, async (messages) => {
      firstBatch.push(...messages.map((msg) => msg.seq));
      await inHand;
      return messages.map(() => ack);
    });
    await eventually(async () => (firstBatch.length > 0 ? true : undefined));
    const stopped = loop.stop();
    release();
    await stopped;
    loops.splice(loops.indexOf(loop), 1);

    const rest: number[] = [];
    await startLoop(50, async (messages) => {
      rest.push(...messages.map((msg) => msg.seq));
      return messages.map(() => ack);
    });
    await eventually(async () => (new Set([...firstBatch, ...rest]).size >= 40 ? true : undefined));
    expect(rest.filter((seq) => firstBatch.includes(seq))).toEqual([]);
  });
});
