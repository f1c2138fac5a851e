/**
 * Property: the projector's rows tell a run's story as the engine does. For random ensembles (a
 * dependency graph of code, transform and wait agents with conditions, retries, time-outs, loops,
 * state.set that may fail, onError) driven by random task results, timer firings, wait resolutions
 * and cancels, the log the engine decides is projected in random batches of decisions, and after
 * each batch `GET /api/runs/<id>` (RunQueries.get) equals the engine's `runSummary` of the events
 * so far.
 */
import {
  decide,
  foldEvents,
  initialRunState,
  isTerminalRun,
  runSummary,
  type Command,
  type RunEvent,
  type Task,
  type Timer,
} from '@baton/engine';
import type { AgentDefinition, EnsembleDefinition, Operation, Value } from '@baton/model';
import fc from 'fast-check';
import type { ReadModelOrm } from './orm';
import { RunProjector } from './run-projector';
import { RunQueries } from './run-queries';
import { openScratchReadModels } from './testing/scratch-database';

interface AgentShape {
  readonly operation: 'transform' | 'code' | 'wait';
  readonly deps: number[];
  readonly condition: 'none' | 'false' | 'dep-success' | 'dep-failed';
  readonly onError: 'fail' | 'continue';
  readonly maxAttempts: number;
  readonly timeout: boolean;
  readonly loop: { readonly items: number; readonly concurrency: number } | null;
  readonly setsState: boolean;
}

const agentShape = (index: number): fc.Arbitrary<AgentShape> =>
  fc.record({
    operation: fc.constantFrom('transform' as const, 'code' as const, 'code' as const, 'wait' as const),
    deps: fc.subarray(Array.from({ length: index }, (_, i) => i)),
    condition: fc.constantFrom(
      'none' as const,
      'none' as const,
      'false' as const,
      'dep-success' as const,
      'dep-failed' as const,
    ),
    onError: fc.constantFrom('fail' as const, 'continue' as const),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    timeout: fc.boolean(),
    loop: fc.option(
      fc.record({ items: fc.integer({ min: 0, max: 4 }), concurrency: fc.integer({ min: 1, max: 3 }) }),
    ),
    setsState: fc.boolean(),
  });

const shapes = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agentShape(i))));

const nameOf = (index: number) => `step-${'abcde'[index]}`;

function agentOf(shape: AgentShape, index: number): AgentDefinition {
  const dep = shape.deps.length > 0 ? nameOf(shape.deps[0]) : undefined;
  const condition = {
    none: undefined,
    false: '${false}',
    'dep-success': dep ? `\${${dep}.success}` : '${input.flag}',
    'dep-failed': dep ? `\${${dep}.failed}` : '${!input.flag}',
  }[shape.condition];
  const operation: Operation = shape.operation;
  const config: Record<string, Value> =
    shape.operation === 'wait'
      ? { key: `w-${index}-\${loop.index}`, ...(shape.timeout ? { timeout: '5s' } : {}) }
      : shape.operation === 'transform'
        ? { value: shape.loop ? '${[loop.index, loop.item]}' : dep ? `\${${dep}.output}` : '${input.n}' }
        : { script: 'scripts/x' };
  return {
    name: nameOf(index),
    operation,
    config,
    retry: { maxAttempts: shape.maxAttempts, backoff: 'fixed', initialDelayMs: 100 },
    onError: shape.onError,
    dependsOn: shape.deps.map(nameOf),
    references: [],
    location: { file: 'property.yaml', line: 1, column: 1 },
    ...(condition === undefined ? {} : { condition }),
    ...(shape.timeout && shape.operation !== 'wait' ? { timeoutMs: 1000 } : {}),
    ...(shape.loop
      ? {
          loop: {
            items: `\${${JSON.stringify(Array.from({ length: shape.loop.items }, (_, k) => `i${k}`))}}`,
            concurrency: shape.loop.concurrency,
          },
        }
      : {}),
    // An output that is not an object fails the agent after it succeeded (state-type).
    ...(shape.setsState ? { state: { use: [], set: { form: 'list' as const, keys: [`k${index}`] } } } : {}),
  };
}

function definitionOf(agentShapes: readonly AgentShape[]): EnsembleDefinition {
  const agents = agentShapes.map(agentOf);
  return {
    name: 'property',
    execution: 'graph',
    timeoutMs: 3_600_000,
    triggers: [],
    stateSchema: Object.fromEntries(agentShapes.map((_, index) => [`k${index}`, 'object' as const])),
    connections: {},
    templates: {},
    notifications: [],
    agents,
    files: {},
    components: {},
    source: 'property.yaml',
    output: { last: `\${${nameOf(agents.length - 1)}.output}` },
  };
}

interface Step {
  readonly pick: number;
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly objectOutput: boolean;
  readonly output: number;
  readonly cancel: boolean;
  readonly cut: boolean;
}

const script = fc.array(
  fc.record({
    pick: fc.nat(),
    ok: fc.boolean(),
    retryable: fc.boolean(),
    objectOutput: fc.boolean(),
    output: fc.integer({ min: -5, max: 5 }),
    cancel: fc.integer({ min: 0, max: 40 }).map((n) => n === 0),
    cut: fc.boolean(),
  }),
  { minLength: 120, maxLength: 120 },
);

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const normalised = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** The decisions of one random run, each the events one command caused, and where batches end. */
function simulate(definition: EnsembleDefinition, steps: readonly Step[], runId: string, flag: boolean) {
  const decisions: RunEvent[][] = [];
  const cuts: number[] = [];
  let state = initialRunState();
  const tasks = new Map<string, Task>();
  const timers = new Map<string, Timer>();
  let sequence = 0;
  const apply = (command: Command) => {
    const decision = decide(definition, state, command);
    for (const task of decision.tasks) tasks.set(task.taskId, task);
    for (const timer of decision.timers) timers.set(timer.timerId, timer);
    for (const id of decision.cancelledTimers) timers.delete(id);
    if (decision.events.length === 0) return;
    decisions.push([...decision.events]);
    state = foldEvents(decision.events, state);
  };
  const base = (seconds: number) => ({ runId, commandId: `c-${++sequence}`, at: at(seconds) });
  apply({
    ...base(0),
    type: 'StartRun',
    ensemble: definition.name,
    revision: 1,
    input: { n: 1, flag },
    trigger: { type: 'manual' },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
  let clock = 0;
  for (const step of steps) {
    if (isTerminalRun(state.status)) break;
    clock += 1;
    if (step.cut) cuts.push(decisions.length);
    if (step.cancel) {
      apply({ ...base(clock), type: 'CancelRun', reason: 'property cancel' });
      continue;
    }
    const waits = Object.keys(state.waits);
    const choices: Array<Task | Timer | string> = [...tasks.values(), ...timers.values(), ...waits];
    if (choices.length === 0) break;
    const chosen = choices[step.pick % choices.length];
    if (typeof chosen === 'string') {
      apply({ ...base(clock), type: 'ResolveWait', key: chosen, value: { approved: step.ok } });
    } else if ('taskId' in chosen) {
      tasks.delete(chosen.taskId);
      const output = step.objectOutput ? { n: step.output } : step.output;
      apply({
        ...base(clock),
        type: 'TaskResult',
        taskId: chosen.taskId,
        agent: chosen.agent,
        iteration: chosen.iteration,
        attempt: chosen.attempt,
        // Most workers report their start (AgentStarted: queued and running times), some do not.
        ...(step.pick % 3 === 0 ? {} : { startedAt: at(clock - 0.5) }),
        outcome: step.ok
          ? { ok: true, output }
          : { ok: false, error: { code: 'error', message: 'failed' }, retryable: step.retryable },
      });
    } else {
      timers.delete(chosen.timerId);
      apply({ ...chosen.command, at: at(clock) });
    }
  }
  return {
    decisions,
    cuts: [...new Set([...cuts, decisions.length])].filter((cut) => cut > 0).sort((a, b) => a - b),
  };
}

describe('the projection against the engine', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ orm, dispose } = await openScratchReadModels()));
  afterAll(() => dispose());

  it('shows every run as runSummary of its events after every batch, for random runs projected in random batches', async () => {
    const projector = new RunProjector(orm);
    const queries = new RunQueries(orm);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(shapes, script, fc.boolean(), async (agentShapes, steps, flag) => {
        const runId = `property-${++runs}`;
        const { decisions, cuts } = simulate(definitionOf(agentShapes), steps, runId, flag);
        let from = 0;
        for (const cut of cuts) {
          const batch = decisions
            .slice(from, cut)
            .map((events, index) => ({ events, streamSeq: from + index + 1 }));
          const outcomes = await projector.applyBatch(batch);
          expect(outcomes.every((outcome) => outcome.result === 'applied')).toBe(true);
          from = cut;
          const {
            id: _,
            ensemble: __,
            revision: ___,
            ...engine
          } = runSummary(foldEvents(decisions.slice(0, cut).flat()));
          expect(normalised(await queries.get(runId))).toEqual(
            normalised({ ...engine, id: runId, ensemble: 'property', revision: 1 }),
          );
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
