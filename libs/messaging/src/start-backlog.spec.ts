import { startRun } from '@baton/intake';
import { JetStreamInbox } from './inbox';
import { StartBacklogGauge } from './start-backlog';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('StartBacklogGauge', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('backlog', { partitions: 2 });
  });

  afterAll(() => env.teardown());

  it('counts the starts waiting in every partition, and refuses past its limit only', async () => {
    const inbox = new JetStreamInbox(env.nc, { prefix: env.prefix, partitions: 2 });
    const gauge = (limit: number) =>
      new StartBacklogGauge(env.nc, { prefix: env.prefix, partitions: 2, limit });
    const at = new Date().toISOString();
    for (const runId of ['run-1', 'run-2', 'run-3', 'run-4']) {
      await inbox.send(
        startRun({ runId, at, ensemble: 'e', revision: 1, input: {}, trigger: { type: 'api' } }),
      );
    }
    // Commands other than starts are no backlog of unstarted runs.
    await inbox.send({ type: 'CancelRun', runId: 'run-1', commandId: 'cancel:run-1', at, reason: 'x' });
    const full = gauge(3);
    expect(full.refusal()).toBeUndefined(); // no reading yet: nothing is refused
    expect(await full.refresh()).toEqual({ backlog: 4, takenPerSecond: 0 });
    expect(full.refusal()).toEqual({ backlog: 4, limit: 3, retryAfterSeconds: 60 });
    const roomy = gauge(4);
    await roomy.refresh();
    expect(roomy.refusal()).toBeUndefined();
  });
});
