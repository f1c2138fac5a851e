import type { EnsembleDefinition } from '@baton/model';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { executeTask } from '../execute-task';

describe('code operation', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  const run = (
    agent: string,
    input: unknown = {},
    extra: { state?: Record<string, unknown>; timeoutMs?: number } = {},
  ) => {
    const base = taskFor(definition, agent);
    const task = taskFor(definition, agent, {
      scope: { ...base.scope, input, ...(extra.state ? { state: extra.state } : {}) },
      ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    });
    return executeTask(task, definition, deps);
  };

  beforeAll(() => {
    definition = loadEnsembleFixture('code.yaml');
  });
  beforeEach(() => {
    deps = testDeps({ API_TOKEN: 'script-s3cret-token' });
  });
  afterEach(() => deps.release());

  it('runs a seed-style TypeScript script whose type-only import names a package that does not exist', async () => {
    expect(await run('greet', { name: 'Ada' })).toEqual({
      ok: true,
      output: { message: 'Hello, Ada!', run: 'run-1', ensemble: 'code-calls' },
    });
  });

  it('awaits an async script that requires another script of the revision, with state in its context', async () => {
    expect(await run('async-total', { prices: [3, 4.5] }, { state: { discount: 10 } })).toEqual({
      ok: true,
      output: { total: 7.5, discount: 10 },
    });
  });

  it('resolves a script path to its .js file and accepts module.exports as the entry point', async () => {
    expect(await run('plain-js', { value: 21 })).toEqual({ ok: true, output: { doubled: 42 } });
  });

  it('reports what a script throws as a retryable script-error with its message', async () => {
    expect(await run('declines')).toEqual({
      ok: false,
      error: { code: 'script-error', message: 'card declined' },
      retryable: true,
    });
  });

  it('fails a script that does not settle within the task timeout', async () => {
    expect(await run('never-ends', {}, { timeoutMs: 30 })).toMatchObject({
      ok: false,
      error: { code: 'timeout' },
      retryable: true,
    });
  });

  it('redacts the env values a script reads from what it returns', async () => {
    expect(await run('reads-env')).toEqual({ ok: true, output: { token: '[redacted]' } });
  });

  it('fails a script that does not compile, naming the file, not retryable', async () => {
    const outcome = await run('broken');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'script-compile-error' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain("script 'scripts/broken.ts' does not compile");
  });

  it('fails a script without a default export function', async () => {
    expect(await run('no-default')).toMatchObject({
      ok: false,
      error: { code: 'invalid-config' },
      retryable: false,
    });
  });

  it('fails a script that is not part of the revision, saying which files it tried', async () => {
    const outcome = await run('missing');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'script-not-found' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain('scripts/missing.ts');
  });

  it('runs inline code with context, input and state in scope, leaving its template literals to JavaScript', async () => {
    expect(await run('inline-sum', { values: [1, 2, 3] }, { state: { counter: 4 } })).toEqual({
      ok: true,
      output: { total: 6, label: 'total 6', counter: 4, run: 'run-1' },
    });
  });

  it('awaits inline code and reports what it throws', async () => {
    expect(await run('inline-async', { value: 5 })).toEqual({ ok: true, output: 10 });
    expect(await run('inline-async', { fail: 'twice' })).toEqual({
      ok: false,
      error: { code: 'script-error', message: 'refused twice' },
      retryable: true,
    });
  });

  it('runs the code of the revision it is given, not a cached module of another one', async () => {
    const edited: EnsembleDefinition = {
      ...definition,
      files: {
        ...definition.files,
        'scripts/plain.js': 'module.exports = (context) => ({ tripled: context.input.value * 3 });',
      },
    };
    const task = { ...taskFor(edited, 'plain-js'), revision: 2 };
    expect(
      await executeTask({ ...task, scope: { ...task.scope, input: { value: 2 } } }, edited, deps),
    ).toEqual({ ok: true, output: { tripled: 6 } });
    expect(await run('plain-js', { value: 2 })).toEqual({ ok: true, output: { doubled: 4 } });
  });
});
