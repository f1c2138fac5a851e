import type { EnsembleDefinition } from '@baton/model';
import type { StartRunRequest } from '../connector-deps';
import { RunInputRejectedError, UnknownEnsembleError } from '../connector-deps';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { executeTask } from '../execute-task';

describe('emit operation', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  let started: StartRunRequest[];
  let answer: (request: StartRunRequest) => Promise<{ runIds: string[] }>;
  const run = (agent: string, input: unknown = {}) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );

  beforeAll(() => {
    definition = loadEnsembleFixture('emit.yaml');
  });
  beforeEach(() => {
    started = [];
    answer = async () => ({ runIds: ['r-1', 'r-2'] });
    deps = testDeps(
      {},
      {
        startRun: (request) => {
          started.push(request);
          return answer(request);
        },
      },
    );
  });
  afterEach(() => deps.release());

  it('starts the listeners of the event with the data as their input and returns their run ids', async () => {
    expect(await run('order-created', { orderId: 'o-1' })).toEqual({
      ok: true,
      output: { runIds: ['r-1', 'r-2'] },
    });
    expect(started).toEqual([{ event: 'order.created', input: { orderId: 'o-1' } }]);
  });

  it('gives the listeners an empty input when there is no data', async () => {
    await run('without-data');
    expect(started).toEqual([{ event: 'order.created', input: {} }]);
  });

  it('succeeds with no run ids when no ensemble listens to the event', async () => {
    answer = async () => {
      throw new UnknownEnsembleError('event:order.created');
    };
    expect(await run('order-created')).toEqual({ ok: true, output: { runIds: [] } });
  });

  it('fails without retry when a listener refuses the data, naming the event', async () => {
    answer = async () => {
      throw new RunInputRejectedError("input does not match the input schema of 'ship': / bad");
    };
    expect(await run('order-created')).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message:
          "event 'order.created' started no run: input does not match the input schema of 'ship': / bad",
      },
      retryable: false,
    });
  });

  it('retries when the runs could not be sent', async () => {
    answer = async () => {
      throw new Error('NATS is away');
    };
    expect(await run('order-created')).toMatchObject({
      ok: false,
      error: { code: 'emit-failed', message: "emitting 'order.created' failed: NATS is away" },
      retryable: true,
    });
  });

  it.each([
    ['a pattern', 'wildcard', '"order.*"'],
    ['no event', 'no-event', 'undefined'],
  ])('refuses %s as the event name and starts nothing', async (_what, agent, shown) => {
    const outcome = await run(agent);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-config' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain(`not ${shown}`);
    expect(started).toEqual([]);
  });
});
