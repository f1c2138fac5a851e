import { KvConcurrencySlots } from './concurrency-slots';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('KvConcurrencySlots', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('slots');
  });

  afterAll(() => env.teardown());

  const acquire = (runId: string) => ({
    type: 'Acquire' as const,
    runId,
    revision: 1,
    policy: 'queue' as const,
    limit: 2,
  });

  it('keeps the slot between decisions: a third run waits until one of two ends', async () => {
    const slots = new KvConcurrencySlots(env.nc, { prefix: env.prefix });
    expect((await slots.decide('ens#a', acquire('r1'))).admit).toEqual(['r1']);
    expect((await slots.decide('ens#a', acquire('r2'))).admit).toEqual(['r2']);
    expect(await slots.decide('ens#a', acquire('r3'))).toMatchObject({ admit: [], queue: ['r3'] });
    expect((await slots.decide('ens#a', { type: 'Release', runId: 'r1' })).admit).toEqual(['r3']);
  });

  it('never admits more than the limit when orchestrators decide at the same time', async () => {
    const replicas = [0, 1, 2].map(() => new KvConcurrencySlots(env.nc, { prefix: env.prefix }));
    const decisions = await Promise.all(
      Array.from({ length: 9 }, (_, i) => replicas[i % 3].decide('ens#b', acquire(`run-${i}`))),
    );
    expect(decisions.flatMap((d) => d.admit)).toHaveLength(2);
    expect(decisions.flatMap((d) => d.queue)).toHaveLength(7);
  });
});
