/**
 * What running `code` steps in sandbox processes costs per step. Measured: `executeTask` of a
 * seed-style script step (scripts/greet.ts of the code fixture) through a warm sandbox, one step
 * after another. Baseline, in the same run: the same step as it ran before sandboxing, in the
 * worker's own process: the same evaluated context, the script transpiled by the same SWC and
 * compiled with `vm.compileFunction` in this process, called directly. The ratio is therefore
 * small by nature; `extra.overheadMicros` is the added cost per step, and `extra.coldStartMillis`
 * the first step of a revision (starting its process).
 */
import type { EnsembleDefinition } from '@baton/model';
import { compileFunction } from 'node:vm';
import { loadEnsembleFixture, taskFor } from '../src/__fixtures__/ensemble-fixture';
import { testDeps } from '../src/__fixtures__/connector-deps-fixture';
import { revisionCode } from '../src/code/script-modules';
import { executeTask } from '../src/execute-task';

export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly baselineOpsPerSec: number;
  readonly ratio: number;
  readonly unit?: string;
  readonly extra?: Record<string, unknown>;
}

const STEPS = 400;
const AGENT = 'greet';

function inProcessEntry(definition: EnsembleDefinition): (context: unknown) => unknown {
  const module = revisionCode(definition).modules['scripts/greet.ts'];
  if (module?.kind !== 'js') throw new Error('scripts/greet.ts did not transpile');
  const exports: { default?: (context: unknown) => unknown } = {};
  const wrapper = compileFunction(module.code, ['exports', 'require', 'module'], { filename: 'greet.js' });
  wrapper(exports, require, { exports });
  if (typeof exports.default !== 'function') throw new Error('scripts/greet.ts has no default export');
  return exports.default;
}

export async function run(): Promise<BenchResult[]> {
  const definition = loadEnsembleFixture('code.yaml');
  const deps = testDeps({ API_TOKEN: 'bench-token' });
  const base = taskFor(definition, AGENT);
  const task = { ...base, scope: { ...base.scope, input: { name: 'Ada' } }, timeoutMs: 10_000 };
  try {
    const coldStarted = performance.now();
    const first = await executeTask(task, definition, deps);
    const coldStartMillis = performance.now() - coldStarted;
    if (!first.ok) throw new Error(`the code step failed: ${first.error.message}`);

    const sandboxStarted = performance.now();
    for (let step = 0; step < STEPS; step++) {
      const outcome = await executeTask(task, definition, deps);
      if (!outcome.ok) throw new Error(`the code step failed: ${outcome.error.message}`);
    }
    const sandboxSeconds = (performance.now() - sandboxStarted) / 1000;

    const entry = inProcessEntry(definition);
    const context = {
      input: { name: 'Ada' },
      state: {},
      env: {},
      execution: task.scope.execution,
      ensemble: task.scope.ensemble,
    };
    const baselineStarted = performance.now();
    for (let step = 0; step < STEPS; step++) await entry(structuredClone(context));
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;

    const opsPerSec = STEPS / sandboxSeconds;
    const baselineOpsPerSec = STEPS / baselineSeconds;
    return [
      {
        name: 'code step in a warm sandbox vs in process',
        opsPerSec,
        baselineOpsPerSec,
        ratio: opsPerSec / baselineOpsPerSec,
        unit: 'steps/s',
        extra: {
          steps: STEPS,
          overheadMicros: Math.round(((sandboxSeconds - baselineSeconds) * 1e6) / STEPS),
          coldStartMillis: Math.round(coldStartMillis),
        },
      },
    ];
  } finally {
    await deps.release();
  }
}
