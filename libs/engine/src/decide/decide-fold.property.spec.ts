/**
 * Property: for random dependency graphs of transform and code agents (random conditions, retry
 * policies, time-outs, loops, onError) and random orders and outcomes of task results and timers
 * (duplicates included), each decision is recorded as the log records it (one encoded message) and
 * folding the decoded messages equals the live state after every decision; the whole log decoded
 * from its messages (and folded event by event) equals it at the end; a repeated command decides
 * nothing, and every run terminates.
 */
import type { AgentDefinition, Backoff, EnsembleDefinition } from '@baton/model';
import fc from 'fast-check';
import type { Command, TaskResult } from '../commands';
import type { Task, Timer } from '../decision';
import type { RunEvent } from '../events';
import { evolve, foldEvents } from '../evolve';
import { decodeRunLog, decodeRunMessage, encodeDecision } from '../log/run-log-codec';
import { initialRunState, isFinishedAgent, isTerminalRun } from '../run-state';
import { agent, ensemble } from '../testing/definition-builder';
import { at, startRun } from '../testing/commands';
import { decide } from './decide';

interface AgentShape {
  readonly operation: 'transform' | 'code';
  readonly deps: number[];
  readonly condition: 'none' | 'true' | 'false' | 'dep-success' | 'dep-failed' | 'dep-skipped';
  readonly onError: 'fail' | 'continue';
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly timeout: boolean;
  readonly loop: { readonly items: number; readonly concurrency: number } | null;
}

const agentShape = (index: number): fc.Arbitrary<AgentShape> =>
  fc.record({
    operation: fc.constantFrom('transform' as const, 'code' as const),
    deps: fc.subarray(Array.from({ length: index }, (_, i) => i)),
    condition: fc.constantFrom(
      'none' as const,
      'true' as const,
      'false' as const,
      'dep-success' as const,
      'dep-failed' as const,
      'dep-skipped' as const,
    ),
    onError: fc.constantFrom('fail' as const, 'continue' as const),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    backoff: fc.constantFrom<Backoff>('exponential', 'linear', 'fixed'),
    timeout: fc.boolean(),
    loop: fc.option(
      fc.record({ items: fc.integer({ min: 0, max: 4 }), concurrency: fc.integer({ min: 1, max: 3 }) }),
    ),
  });

const shapes = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agentShape(i))));

function definitionOf(shapes: readonly AgentShape[]): EnsembleDefinition {
  const name = (i: number) => `step-${'abcdef'[i]}`;
  const agents = shapes.map((shape, i): AgentDefinition => {
    const dep = shape.deps.length > 0 ? name(shape.deps[0]) : undefined;
    const condition = {
      none: undefined,
      true: '${true}',
      false: '${false}',
      'dep-success': dep ? `\${${dep}.success}` : '${input.flag}',
      'dep-failed': dep ? `\${${dep}.failed}` : '${!input.flag}',
      'dep-skipped': dep ? `\${${dep}.skipped || ${dep}.output != null}` : '${input.flag}',
    }[shape.condition];
    const value = shape.loop ? '${[loop.index, loop.item]}' : dep ? `\${${dep}.output}` : '${input.n}';
    return agent(name(i), shape.operation, {
      dependsOn: shape.deps.map(name),
      ...(condition === undefined ? {} : { condition }),
      onError: shape.onError,
      retry: { maxAttempts: shape.maxAttempts, backoff: shape.backoff, initialDelayMs: 100, maxDelayMs: 300 },
      ...(shape.timeout ? { timeoutMs: 1000 } : {}),
      ...(shape.loop
        ? {
            loop: {
              items: `\${${JSON.stringify(Array.from({ length: shape.loop.items }, (_, k) => `i${k}`))}}`,
              concurrency: shape.loop.concurrency,
            },
          }
        : {}),
      config: shape.operation === 'transform' ? { value } : { script: 'scripts/x' },
    });
  });
  return ensemble(agents, { output: { last: `\${${name(shapes.length - 1)}.output}` } });
}

interface Step {
  readonly pick: number;
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly repeat: boolean;
  readonly output: number;
}

const steps = fc.array(
  fc.record({
    pick: fc.nat(),
    ok: fc.boolean(),
    retryable: fc.boolean(),
    repeat: fc.boolean(),
    output: fc.integer({ min: -5, max: 5 }),
  }),
  { minLength: 400, maxLength: 400 },
);

function resultFor(task: Task, step: Step, seconds: number): TaskResult {
  return {
    type: 'TaskResult',
    runId: task.runId,
    commandId: `result-${task.taskId}`,
    at: at(seconds),
    taskId: task.taskId,
    agent: task.agent,
    iteration: task.iteration,
    attempt: task.attempt,
    // The worker began the attempt half a second before it reported: AgentStarted is folded too.
    startedAt: at(seconds - 0.5),
    outcome: step.ok
      ? { ok: true, output: { n: step.output } }
      : {
          ok: false,
          error: { code: 'error', message: 'failed', status: step.output > 0 ? 500 : undefined },
          retryable: step.retryable,
        },
  };
}

const normalised = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('folding the decided events', () => {
  it('folding each decision, as its decoded message, reproduces the live state after every step, and every run terminates', () => {
    fc.assert(
      fc.property(shapes, steps, fc.boolean(), (agentShapes, script, flag) => {
        const definition = definitionOf(agentShapes);
        const events: RunEvent[] = [];
        const messages: Uint8Array[] = [];
        const recorded: string[] = [];
        let live = initialRunState();
        let replayed = initialRunState();
        const pendingTasks = new Map<string, Task>();
        const pendingTimers = new Map<string, Timer>();
        const delivered: Command[] = [];
        let runTimer: Timer | undefined;

        const apply = (command: Command) => {
          const decision = decide(definition, live, command);
          decision.events.forEach((event, i) => expect(event.seq).toBe(live.seq + i + 1));
          events.push(...decision.events);
          live = foldEvents(decision.events, live);
          if (decision.events.length > 0) {
            // The decision as the log stores it: one message, decoded as every reader decodes it.
            const message = encodeDecision({ commandId: command.commandId, events: decision.events });
            messages.push(message);
            recorded.push(command.commandId);
            const decoded = decodeRunMessage(message);
            expect(decoded.commandId).toBe(command.commandId);
            replayed = foldEvents(decoded.events, replayed);
          }
          expect(normalised(replayed)).toEqual(normalised(live));
          for (const task of decision.tasks) pendingTasks.set(task.taskId, task);
          for (const timer of decision.timers) {
            if (timer.command.type === 'TimerFired' && timer.command.kind === 'run-timeout') runTimer = timer;
            else pendingTimers.set(timer.timerId, timer);
          }
          for (const id of decision.cancelledTimers) pendingTimers.delete(id);
          delivered.push(command);
          return decision;
        };

        apply(startRun({ input: { n: 1, flag } }));
        let clock = 0;
        for (const step of script) {
          if (isTerminalRun(live.status)) break;
          clock += 1;
          if (step.repeat && delivered.length > 1) {
            const again = delivered[step.pick % delivered.length];
            const before = events.length;
            apply(again);
            expect(events.length).toBe(before);
            continue;
          }
          const choices: Array<Task | Timer> = [...pendingTasks.values(), ...pendingTimers.values()];
          // Stuck: nothing left to deliver but the run-timeout, yet the run has not ended.
          expect(choices.length).toBeGreaterThan(0);
          const chosen = choices[step.pick % choices.length];
          if ('taskId' in chosen) {
            pendingTasks.delete(chosen.taskId);
            apply(resultFor(chosen, step, clock));
          } else {
            pendingTimers.delete(chosen.timerId);
            apply({ ...chosen.command, at: at(clock) });
          }
        }
        if (!isTerminalRun(live.status) && runTimer !== undefined) apply(runTimer.command);
        expect(isTerminalRun(live.status)).toBe(true);
        // The whole log, read back from its messages: one decision per command, folding to the state.
        const log = decodeRunLog(messages);
        expect(log.decisions.map((decision) => decision.commandId)).toEqual(recorded);
        expect(log.events).toEqual(normalised(events));
        expect(normalised(foldEvents(log.events))).toEqual(normalised(live));
        expect(normalised(log.events.reduce(evolve, initialRunState()))).toEqual(normalised(live));
        // A run never ends with an agent still open: each has succeeded, failed or been skipped.
        expect(Object.values(live.agents).filter((a) => !isFinishedAgent(a))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
