/**
 * Evaluation speed of compiled expressions against hand-written JavaScript closures doing the same
 * work, measured in the same run. The bench runner builds this file and calls `run()`.
 *
 * Both sides are called through one shared measuring loop whose call site has already seen many
 * functions (as the engine's does: it evaluates many different expressions). Otherwise V8 inlines
 * the hand-written closure into the loop and hoists its loads, and the baseline measures an empty
 * loop rather than a closure call.
 */
import { compileExpression } from '../src/index';

export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly baselineOpsPerSec: number;
  readonly ratio: number;
  readonly target?: number;
}

type Scope = Record<string, unknown>;
type Evaluate = (scope: Scope) => unknown;

const MEASURE_MS = 1000;
const WARM_UP_MS = 200;
const ROUNDS = 4;
const BATCH = 1000;

// Several scopes of the same shape, so that no value is a constant the JIT could fold.
function scopes(count: number, make: (i: number) => Scope): Scope[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

let sink: unknown;

function runFor(
  evaluate: Evaluate,
  inputs: readonly Scope[],
  milliseconds: number,
): { operations: number; elapsed: number } {
  const mask = inputs.length - 1;
  let operations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < milliseconds) {
    for (let i = 0; i < BATCH; i++) sink = evaluate(inputs[(operations + i) & mask]);
    operations += BATCH;
    elapsed = performance.now() - started;
  }
  return { operations, elapsed };
}

// Interleaves rounds of both sides so that load from other processes affects both alike.
function compare(
  name: string,
  ours: Evaluate,
  baseline: Evaluate,
  inputs: readonly Scope[],
  target?: number,
): BenchResult {
  if (JSON.stringify(ours(inputs[1])) !== JSON.stringify(baseline(inputs[1]))) {
    throw new Error(`${name}: the expression and its baseline disagree`);
  }
  runFor(ours, inputs, WARM_UP_MS);
  runFor(baseline, inputs, WARM_UP_MS);
  const totals = { ours: { operations: 0, elapsed: 0 }, baseline: { operations: 0, elapsed: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, evaluate] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const { operations, elapsed } = runFor(evaluate, inputs, MEASURE_MS / ROUNDS);
      totals[side].operations += operations;
      totals[side].elapsed += elapsed;
    }
  }
  const opsPerSec = (totals.ours.operations / totals.ours.elapsed) * 1000;
  const baselineOpsPerSec = (totals.baseline.operations / totals.baseline.elapsed) * 1000;
  return {
    name,
    opsPerSec,
    baselineOpsPerSec,
    ratio: opsPerSec / baselineOpsPerSec,
    ...(target === undefined ? {} : { target }),
  };
}

// Makes the measuring loop's call site megamorphic before anything is measured (see the header).
function saturateCallSite(): void {
  const inputs = scopes(2, (i) => ({ a: i, b: [i], c: { d: i } }));
  const shapes: Evaluate[] = [
    (s) => s.a,
    (s) => s.b,
    (s) => s.c,
    (s) => [s],
    (s) => ({ s }),
    (s) => String(s.a),
  ];
  for (const evaluate of shapes) runFor(evaluate, inputs, 5);
}

export async function run(): Promise<BenchResult[]> {
  saturateCallSite();

  const orders = scopes(16, (i) => ({
    input: { order: { customer: { id: `customer-${i}`, name: 'Ada' }, total: i }, items: [] },
    state: {},
  }));
  const member = compileExpression('input.order.customer.id');
  const memberResult = compare(
    'member access: input.order.customer.id',
    (scope) => member.evaluate(scope),
    (scope) => (scope.input as { order?: { customer?: { id?: string } } } | undefined)?.order?.customer?.id,
    orders,
    0.25,
  );

  const inventories = scopes(16, (i) => ({
    'check-inventory': { outputs: Array.from({ length: 100 }, (_, k) => [{ quantity: k + i }]) },
  }));
  const every = compileExpression('check-inventory.outputs.every(r => r.length > 0)');
  const everyResult = compare(
    'arrow every over 100 items: check-inventory.outputs.every(r => r.length > 0)',
    (scope) => every.evaluate(scope),
    (scope) => (scope['check-inventory'] as { outputs: unknown[][] }).outputs.every((r) => r.length > 0),
    inventories,
  );

  void sink; // read once, so that the stores into it are not dead code
  return [memberResult, everyResult];
}
