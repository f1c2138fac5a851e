import type { EnsembleDefinition } from '@baton/model';
import { snapshotEnvironment, type AgentView } from '@baton/engine';
import { loadEnsembleFixture, taskFor } from './__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from './__fixtures__/connector-deps-fixture';
import { executeTask } from './execute-task';

const fetchOrder: AgentView = {
  output: { total: 42 },
  outputs: [{ total: 42 }],
  success: true,
  failed: false,
  executed: true,
  skipped: false,
  attempts: 1,
};

describe('executeTask', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;

  beforeAll(() => {
    definition = loadEnsembleFixture('basics.yaml');
    deps = testDeps({ API_TOKEN: 'basics-s3cret' });
  });
  afterAll(() => deps.release());

  it("evaluates the agent's expressions in the run scope the task carries: input, state, loop, execution, ensemble, components and agent views", async () => {
    const base = taskFor(definition, 'summarise');
    const task = {
      ...base,
      scope: {
        ...base.scope,
        input: { customer: 'ada' },
        state: { order: { id: 'o-7' } },
        loop: { item: { sku: 'sku-1' }, index: 2 },
        agents: { 'fetch-order': fetchOrder },
        ensemble: { name: 'basics', version: '1.2.0', revision: 1 },
      },
    };
    expect(await executeTask(task, definition, deps)).toEqual({
      ok: true,
      output: {
        customer: 'ada',
        order: 'o-7',
        item: 'sku-1',
        index: 2,
        run: 'run-1',
        ensemble: 'basics@1.2.0',
        previous: 42,
        previousOk: true,
        limit: 3,
      },
    });
  });

  it('reads env from the worker environment and redacts every value read from the outcome', async () => {
    const outcome = await executeTask(taskFor(definition, 'secret-value'), definition, deps);
    expect(outcome).toEqual({ ok: true, output: { header: 'Bearer [redacted]', length: 13 } });
  });

  it('reports an expression that does not evaluate as a non-retryable expression-error', async () => {
    const outcome = await executeTask(taskFor(definition, 'bad-expression'), definition, deps);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'expression-error' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/^agent 'bad-expression': /);
  });

  it('fails an emit in a worker that cannot start runs with unsupported-operation', async () => {
    expect(await executeTask(taskFor(definition, 'announce'), definition, deps)).toEqual({
      ok: false,
      error: {
        code: 'unsupported-operation',
        message: 'emit is not available in this worker (no startRun port)',
      },
      retryable: false,
    });
  });

  it('does not run transform, which the orchestrator carries out itself and never sends as a task', async () => {
    const task = { ...taskFor(definition, 'summarise'), operation: 'transform' as const };
    expect(await executeTask(task, definition, deps)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-operation' },
    });
  });

  it("reads the worker's environment snapshot by name and never copies it per task", async () => {
    let copies = 0;
    const env = new Proxy(snapshotEnvironment({ API_TOKEN: 'basics-s3cret' }), {
      ownKeys(target) {
        copies += 1;
        return Reflect.ownKeys(target);
      },
    });
    for (let i = 0; i < 3; i++) {
      const outcome = await executeTask(taskFor(definition, 'secret-value'), definition, { ...deps, env });
      expect(outcome).toEqual({ ok: true, output: { header: 'Bearer [redacted]', length: 13 } });
    }
    expect(copies).toBe(0);
  });

  it('fails a task for an agent the definition does not have', async () => {
    expect(await executeTask(taskFor(definition, 'ghost'), definition, deps)).toMatchObject({
      ok: false,
      error: { code: 'unknown-agent' },
      retryable: false,
    });
  });
});
