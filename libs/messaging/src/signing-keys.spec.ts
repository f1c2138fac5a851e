import { KvSigningKeys } from './signing-keys';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('KvSigningKeys', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('keys');
  });

  afterAll(() => env.teardown());

  it('generates one key per name for every replica, whoever asks first', async () => {
    const replicas = [1, 2, 3, 4].map(() => new KvSigningKeys(env.nc, { prefix: env.prefix }));
    expect(await replicas[0].get('approval-links')).toBeUndefined();
    const keys = await Promise.all(replicas.map((replica) => replica.getOrCreate('approval-links')));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await replicas[1].get('approval-links')).toBe(keys[0]);
    expect(await replicas[2].getOrCreate('other')).not.toBe(keys[0]);
  });
});
