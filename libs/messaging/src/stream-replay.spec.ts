import { jetstream } from '@nats-io/jetstream';
import { replayStream } from './stream-replay';
import { isolatedLayout, type IsolatedLayout } from './test-support/isolated-layout';

describe('replayStream', () => {
  let env: IsolatedLayout;
  beforeEach(async () => {
    env = await isolatedLayout('replay');
  });
  afterEach(() => env.teardown());

  it('reads every message up to the last one at the start, in order and in batches, and leaves later ones', async () => {
    const js = jetstream(env.nc);
    for (let index = 0; index < 25; index++)
      await js.publish(env.layout.runSubject(`r${index % 3}`), `m${index}`);

    const replay = await replayStream(env.nc, env.layout.streams.runs, { batchSize: 10 });
    await js.publish(env.layout.runSubject('later'), 'after the start');
    const batches: Array<readonly { seq: number; data: Uint8Array }[]> = [];
    for await (const batch of replay.batches) batches.push(batch);

    expect([replay.total, replay.lastSeq]).toEqual([25, 25]);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((msg) => new TextDecoder().decode(msg.data))).toEqual(
      Array.from({ length: 25 }, (_, index) => `m${index}`),
    );
  });

  it('replays nothing from an empty stream', async () => {
    const replay = await replayStream(env.nc, env.layout.streams.runs, { batchSize: 10 });
    const batches = [];
    for await (const batch of replay.batches) batches.push(batch);
    expect([replay.total, batches]).toEqual([0, []]);
  });

  it('says so when the stream does not exist', async () => {
    await expect(replayStream(env.nc, 'NO_SUCH_STREAM', { batchSize: 10 })).rejects.toMatchObject({
      code: 'not-provisioned',
    });
  });
});
