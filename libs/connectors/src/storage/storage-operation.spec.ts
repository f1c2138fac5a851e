import type { EnsembleDefinition } from '@baton/model';
import type { StartRunRequest } from '../connector-deps';
import { RunInputRejectedError, UnknownEnsembleError } from '../connector-deps';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { executeTask } from '../execute-task';

/** The worker's port, in memory: known ensembles and queue subscribers, and every request it got. */
function inMemoryStartRun(ensembles: string[], queues: Record<string, string[]>) {
  const started: StartRunRequest[] = [];
  let next = 0;
  const startRun = async (request: StartRunRequest) => {
    const targets = request.ensemble !== undefined ? [request.ensemble] : (queues[request.queue ?? ''] ?? []);
    const unknown = targets.find((name) => !ensembles.includes(name));
    if (unknown !== undefined) throw new UnknownEnsembleError(unknown);
    started.push(request);
    return { runIds: targets.map(() => `child-${(next += 1)}`) };
  };
  return { startRun, started };
}

describe('storage operation', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  let port: ReturnType<typeof inMemoryStartRun>;
  const run = (agent: string, input: unknown = {}) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );

  beforeAll(() => {
    definition = loadEnsembleFixture('storage.yaml');
  });
  beforeEach(() => {
    port = inMemoryStartRun(['release-inventory', 'audit', 'notify'], { orders: ['audit', 'notify'] });
    deps = testDeps({}, { startRun: port.startRun });
  });
  afterEach(() => deps.release());

  it('starts a run of the named ensemble with the input and delay, and returns its run id', async () => {
    expect(await run('send-to-ensemble', { orderId: 'o-1' })).toEqual({
      ok: true,
      output: { runIds: ['child-1'] },
    });
    expect(port.started).toEqual([
      { ensemble: 'release-inventory', input: { orderId: 'o-1' }, delayMs: 5000 },
    ]);
  });

  it('starts a run of every ensemble listening on a queue', async () => {
    expect(await run('send-to-queue', { id: 9 })).toEqual({
      ok: true,
      output: { runIds: ['child-1', 'child-2'] },
    });
    expect(port.started).toEqual([{ queue: 'orders', input: { id: 9 } }]);
  });

  it('fails a send to an unknown ensemble clearly, not retryable', async () => {
    const outcome = await run('send-to-unknown');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown-ensemble' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain("ensemble 'no-such-ensemble' does not exist");
  });

  it('fails a queue send as retryable when the port cannot publish', async () => {
    deps = { ...deps, startRun: async () => Promise.reject(new Error('NATS unreachable')) };
    expect(await run('send-to-ensemble')).toMatchObject({
      ok: false,
      error: { code: 'queue-send-failed', message: 'starting a run failed: NATS unreachable' },
      retryable: true,
    });
  });

  it('fails a send whose input the target ensemble refuses, not retryable', async () => {
    const refusal =
      "input does not match the input schema of 'release-inventory': / must have required property 'sku'";
    deps = { ...deps, startRun: async () => Promise.reject(new RunInputRejectedError(refusal)) };
    expect(await run('send-to-ensemble')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: `cannot start a run: ${refusal}` },
      retryable: false,
    });
  });

  it('fails kv storage clearly in a worker without a key-value store', async () => {
    expect(await run('kv-get')).toEqual({
      ok: false,
      error: {
        code: 'unsupported-operation',
        message: 'the key-value store is not available in this worker',
      },
      retryable: false,
    });
  });
});
