import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';
import { WaitDirectory } from './wait-directory';

describe('WaitDirectory', () => {
  let env: IsolatedLayout;
  let waits: WaitDirectory;

  beforeAll(async () => {
    env = await isolatedLayout('waits');
    waits = new WaitDirectory(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it('finds the run of an open wait by its key', async () => {
    await waits.open('approve-order-42', 'run-42');
    expect(await waits.find('approve-order-42')).toEqual({ runId: 'run-42', revision: expect.any(Number) });
  });

  it('finds nothing for a key never opened, or once closed', async () => {
    expect(await waits.find('never-opened')).toBeUndefined();
    await waits.open('closing', 'run-c');
    await waits.close('closing');
    expect(await waits.find('closing')).toBeUndefined();
  });

  it('accepts wait keys with any characters', async () => {
    const key = 'order 42 / step.*> ünï';
    await waits.open(key, 'run-odd');
    expect(await waits.find(key)).toMatchObject({ runId: 'run-odd' });
  });

  it('gives each opening of a key its own revision', async () => {
    await waits.open('reopened', 'run-r');
    const first = await waits.find('reopened');
    await waits.close('reopened');
    await waits.open('reopened', 'run-r');
    const second = await waits.find('reopened');
    expect(second?.revision).toBeGreaterThan(first?.revision ?? Infinity);
  });
});
