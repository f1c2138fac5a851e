import type { EnsembleDefinition } from '@baton/model';
import { existsSync } from 'node:fs';
import { loadEnsembleFixture, taskFor } from '../../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../../__fixtures__/connector-deps-fixture';
import { executeTask } from '../../execute-task';
import type { TaskOutcome } from '../../outcome';

const WORKER_SECRET = 'worker-only-s3cret-value';
const SANDBOX_TOKEN = 'named-sandbox-t0ken';

describe('code steps run sandboxed', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  const run = (agent: string, input: unknown = {}, timeoutMs = 10_000, of = definition) => {
    const base = taskFor(of, agent);
    return executeTask({ ...base, scope: { ...base.scope, input }, timeoutMs }, of, deps);
  };
  const failure = (outcome: TaskOutcome) => (outcome.ok ? undefined : outcome.error);

  beforeAll(() => {
    definition = loadEnsembleFixture('code-escapes.yaml');
    deps = testDeps({ WORKER_SECRET, SANDBOX_TOKEN, DATABASE_URL: 'postgres://baton:pw@db/baton' });
  });
  afterAll(() => deps.release());

  // Each escape must fail cleanly, and the sandbox must serve the next step: checked after each.
  afterEach(async () => {
    expect(await run('hash', { text: 'still serving' })).toMatchObject({ ok: true });
  });

  describe('the environment holds only what the ensemble names', () => {
    it('process.env has the named variable and nothing of the worker’s, and its value is redacted', async () => {
      const outcome = await run('process-env');
      expect(outcome).toMatchObject({ ok: true, output: { names: ['SANDBOX_TOKEN'] } });
      expect(JSON.stringify(outcome)).not.toContain(WORKER_SECRET);
    });

    it("constructor.constructor('return process')() reaches the sandbox's process, not the worker's", async () => {
      const outcome = await run('constructor-process');
      expect(outcome).toEqual({ ok: true, output: { names: ['SANDBOX_TOKEN'], token: '[redacted]' } });
    });
  });

  describe('what the permission model refuses', () => {
    it.each([
      ['spawn', /--allow-child-process/],
      ['spawn-through-builtin', /--allow-child-process/],
      ['worker-thread', /--allow-worker/],
      ['write-outside', /--allow-fs-write/],
      ['read-passwd', /--allow-fs-read/],
      ['read-worker-environ', /--allow-fs-read/],
      ['binding', /process\.binding/],
    ])('%s fails with a script-error saying access was refused', async (agent, reason) => {
      const outcome = await run(agent);
      expect(failure(outcome)).toMatchObject({
        code: 'script-error',
        message: expect.stringMatching(reason),
      });
      expect(JSON.stringify(outcome)).not.toContain(WORKER_SECRET);
    });

    it('nothing was written outside the scratch directory', () => {
      expect(existsSync('/tmp/baton-sandbox-escape.txt')).toBe(false);
    });

    it.each([
      ['kill-worker', 'process.kill is not available to code steps'],
      ['renice-worker', 'os.setPriority is not available to code steps'],
    ])('%s cannot reach the worker process', async (agent, message) => {
      expect(failure(await run(agent))).toMatchObject({ code: 'script-error', message });
    });

    it('writes and reads inside its own scratch directory', async () => {
      expect(await run('write-scratch')).toEqual({ ok: true, output: 'kept in the scratch directory' });
    });
  });

  describe('limits', () => {
    it('stops a loop that never yields at the step’s time-out', async () => {
      expect(failure(await run('infinite-loop', {}, 300))).toMatchObject({ code: 'timeout' });
    });

    it('ends a heap bomb at the memory limit', async () => {
      expect(failure(await run('memory-bomb'))).toMatchObject({
        code: 'memory-limit',
        message: expect.stringContaining('ran out of memory'),
      });
    });

    it('refuses buffers past the address-space limit inside the step', async () => {
      expect(failure(await run('buffer-bomb'))).toMatchObject({
        code: expect.stringMatching(/^(script-error|memory-limit)$/),
      });
    });

    it('ends a promise fork bomb (by memory or time, whichever comes first)', async () => {
      expect(failure(await run('promise-bomb', {}, 3_000))).toMatchObject({
        code: expect.stringMatching(/^(timeout|memory-limit)$/),
      });
    });

    it('reports a process that exits, and an error thrown from a timer, as the step’s failure', async () => {
      expect(failure(await run('exits'))).toMatchObject({
        code: 'script-error',
        message: "the code step's process exited with code 3 before the step finished",
      });
      expect(failure(await run('throws-later'))).toMatchObject({
        code: 'script-error',
        message: 'thrown from a timer',
      });
    });
  });

  describe('what still works', () => {
    it('imports Node built-ins such as crypto', async () => {
      expect(await run('hash', { text: 'abc' })).toEqual({
        ok: true,
        output: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      });
    });

    it('refuses a package that is not a built-in, saying so', async () => {
      expect(failure(await run('lodash'))).toMatchObject({
        code: 'script-not-found',
        message: expect.stringContaining('code steps may require Node built-ins and the revision'),
      });
    });
  });

  describe('pools', () => {
    it('keeps a process warm between steps of one revision, and never shares it with another ensemble', async () => {
      const first = await run('process-env');
      const second = await run('process-env');
      const other: EnsembleDefinition = { ...definition, name: 'other-ensemble', connections: {} };
      const elsewhere = await run('process-env', {}, 10_000, other);
      const pid = (outcome: TaskOutcome) =>
        outcome.ok ? (outcome.output as { pid: number }).pid : undefined;
      expect(pid(second)).toBe(pid(first));
      expect(pid(elsewhere)).not.toBe(pid(first));
      expect(elsewhere).toMatchObject({ ok: true, output: { names: [] } });
    });
  });
});
