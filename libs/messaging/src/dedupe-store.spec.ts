import { DedupeStore } from './dedupe-store';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('DedupeStore', () => {
  let env: IsolatedLayout;
  let dedupe: DedupeStore;

  beforeAll(async () => {
    env = await isolatedLayout('dedupe');
    dedupe = new DedupeStore(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it('gives the first claim of a delivery to its run', async () => {
    expect(await dedupe.claim('/hooks/orders:evt_1', 'run-1')).toEqual({ runId: 'run-1', duplicate: false });
  });

  it('answers a later claim of the same delivery with the first run id', async () => {
    await dedupe.claim('/hooks/orders:evt_2', 'run-first');
    expect(await dedupe.claim('/hooks/orders:evt_2', 'run-second')).toEqual({
      runId: 'run-first',
      duplicate: true,
    });
  });

  it('lets exactly one of many concurrent claims win, and tells every other the winner', async () => {
    const claims = await Promise.all(
      Array.from({ length: 5 }, (_, index) => dedupe.claim('/hooks/orders:evt_3', `run-${index}`)),
    );
    const winners = claims.filter((claim) => !claim.duplicate);
    expect(winners).toHaveLength(1);
    expect(new Set(claims.map((claim) => claim.runId))).toEqual(new Set([winners[0].runId]));
  });

  it('accepts delivery ids with any characters, and long ones', async () => {
    const odd = 'stripe:/hooks/pay:evt .*> ünï';
    const long = `github:/hooks/gh:${'x'.repeat(400)}`;
    expect((await dedupe.claim(odd, 'run-odd')).duplicate).toBe(false);
    expect((await dedupe.claim(long, 'run-long')).duplicate).toBe(false);
    expect(await dedupe.claim(odd, 'run-again')).toEqual({ runId: 'run-odd', duplicate: true });
    expect(await dedupe.claim(long, 'run-again')).toEqual({ runId: 'run-long', duplicate: true });
  });

  it('finds the run a delivery was claimed for without claiming it, and nothing for a new one', async () => {
    await dedupe.claim('/hooks/orders:evt_4', 'run-4');
    expect(await dedupe.find('/hooks/orders:evt_4')).toBe('run-4');
    expect(await dedupe.find('/hooks/orders:never')).toBeUndefined();
    expect(await dedupe.claim('/hooks/orders:never', 'run-5')).toEqual({ runId: 'run-5', duplicate: false });
  });
});
