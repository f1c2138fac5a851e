/**
 * Which timers a decision cancels (decide/timers.ts): the timer store removes a cancelled timer, so
 * every timer a run no longer needs must be named, and none it still needs.
 */
import type { AgentDefinition, EnsembleDefinition } from '@baton/model';
import fc from 'fast-check';
import type { Command } from '../commands';
import type { Task, Timer } from '../decision';
import { foldEvents } from '../evolve';
import { initialRunState, isTerminalRun } from '../run-state';
import {
  admitRun,
  cancelRun,
  resolveWait,
  startRun,
  taskFailed,
  taskSucceeded,
  timerFired,
} from '../testing/commands';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { given } from '../testing/given';
import { decide } from './decide';

const retrying = { maxAttempts: 3, backoff: 'fixed' as const, initialDelayMs: 1000 };

describe('timers cancelled when an attempt ends', () => {
  const def = ensemble(
    inSequence(agent('call', 'http', { timeoutMs: 5000, retry: retrying }), agent('b', 'code')),
  );

  it('an attempt that succeeded cancels its attempt time-out', () => {
    given(def, [startRun()])
      .when(taskSucceeded('call', 1))
      .then({ cancelledTimers: ['run-1:call:0:1:attempt-timeout'] });
  });

  it('an attempt that failed cancels its attempt time-out and schedules its retry', () => {
    given(def, [startRun()])
      .when(taskFailed('call'))
      .then({
        timers: [{ timerId: 'run-1:call:0:2:retry' }],
        cancelledTimers: ['run-1:call:0:1:attempt-timeout'],
      });
  });

  it('an attempt that timed out cancels nothing: its time-out fired', () => {
    given(def, [startRun()])
      .when(timerFired('attempt-timeout', { agent: 'call' }))
      .then({ timers: [{ timerId: 'run-1:call:0:2:retry' }], cancelledTimers: [] });
  });

  it('a result that arrives after its attempt timed out cancels nothing', () => {
    given(def, [startRun(), timerFired('attempt-timeout', { agent: 'call' })])
      .when(taskSucceeded('call', 1))
      .thenNothing();
  });

  it('a retry that fired cancels nothing and schedules the new attempt time-out', () => {
    given(def, [startRun(), taskFailed('call')])
      .when(timerFired('retry', { agent: 'call', attempt: 2 }))
      .then({ timers: [{ timerId: 'run-1:call:0:2:attempt-timeout' }], cancelledTimers: [] });
  });

  it('an agent without a timeout has no attempt time-out to cancel', () => {
    given(ensemble(inSequence(agent('call', 'http'), agent('b', 'code'))), [startRun()])
      .when(taskSucceeded('call', 1))
      .then({ cancelledTimers: [] });
  });
});

describe('timers cancelled when a wait ends', () => {
  const waiting = (config: Record<string, string>) =>
    ensemble(inSequence(agent('approve', 'wait', { config }), agent('b', 'code')));

  it('a resolved wait cancels its wait time-out', () => {
    given(waiting({ key: 'k', timeout: '1h' }), [startRun()])
      .when(resolveWait('k', 'yes'))
      .then({ cancelledTimers: ['run-1:approve:0:1:wait-timeout'] });
  });

  it('a wait that timed out cancels nothing: its time-out fired', () => {
    given(waiting({ key: 'k', timeout: '1h', onTimeout: 'continue' }), [startRun()])
      .when(timerFired('wait-timeout', { agent: 'approve' }))
      .then({ cancelledTimers: [] });
  });

  it('a resolved wait without a timeout has nothing to cancel', () => {
    given(waiting({ key: 'k' }), [startRun()])
      .when(resolveWait('k', 'yes'))
      .then({ cancelledTimers: [] });
  });
});

describe('timers cancelled when a run ends', () => {
  // Five agents start together; `boom` decides how the run ends while the others hold timers.
  const everyTimer: EnsembleDefinition = ensemble([
    agent('call', 'http', { timeoutMs: 5000 }),
    agent('flaky', 'code', { retry: retrying }),
    agent('nap', 'sleep', { config: { duration: '1h' } }),
    agent('approve', 'wait', { config: { key: 'k', timeout: '1h' } }),
    agent('boom', 'code'),
  ]);
  const pending = [
    'run-1:call:0:1:attempt-timeout',
    'run-1:flaky:0:2:retry',
    'run-1:nap:0:1:sleep',
    'run-1:approve:0:1:wait-timeout',
  ];
  const running = [startRun(), taskFailed('flaky')];

  it('a run that fails cancels every pending timer of the run and its run time-out', () => {
    given(everyTimer, running)
      .when(taskFailed('boom'))
      .then({ cancelledTimers: [...pending, 'run-1:run-timeout'] });
  });

  it('a cancelled run cancels every pending timer of the run and its run time-out', () => {
    given(everyTimer, running)
      .when(cancelRun())
      .then({ cancelledTimers: [...pending, 'run-1:run-timeout'] });
  });

  it('a run that timed out cancels every pending timer, but not its run time-out, which fired', () => {
    const timedOut = given(everyTimer, running).when(timerFired('run-timeout'));
    timedOut.then({ cancelledTimers: pending });
    expect(timedOut.state.status).toBe('timed_out');
  });

  it('a run that completes cancels its run time-out', () => {
    given(ensemble([agent('a', 'code')]), [startRun()])
      .when(taskSucceeded('a', 1))
      .then({ cancelledTimers: ['run-1:run-timeout'] });
  });

  it('a run that ends in the decision that started it schedules no time-out at all', () => {
    given(ensemble([agent('t', 'transform', { config: { value: 1 } })]))
      .when(startRun())
      .then({ timers: [], cancelledTimers: [] });
  });

  it('a queued run that is cancelled has no timer to cancel', () => {
    const queued = ensemble([agent('a', 'code')], {
      concurrency: { key: 'all', limit: 1, onNew: 'queue' },
    });
    given(queued, [startRun()]).when(cancelRun()).then({ cancelledTimers: [] });
  });

  it('an admitted run schedules its time-out once admitted, and cancels it when it ends', () => {
    const queued = ensemble([agent('a', 'code')], {
      concurrency: { key: 'all', limit: 1, onNew: 'queue' },
    });
    given(queued, [startRun(), admitRun()])
      .when(cancelRun())
      .then({ cancelledTimers: ['run-1:run-timeout'] });
  });
});

/*
 * Property: whatever the order of results, timers, resolutions and a cancel, a decision cancels only
 * timers that are pending, never schedules and cancels one id, and when the run ends no timer of it
 * is left pending: each one it scheduled has fired or been cancelled.
 */
interface Shape {
  readonly kind: 'http' | 'sleep' | 'wait' | 'transform';
  readonly deps: number[];
  readonly timeout: boolean;
  readonly maxAttempts: number;
  readonly loop: number;
  readonly onError: 'fail' | 'continue';
}

const shape = (index: number): fc.Arbitrary<Shape> =>
  fc.record({
    kind: fc.constantFrom('http' as const, 'sleep' as const, 'wait' as const, 'transform' as const),
    deps: fc.subarray(Array.from({ length: index }, (_, i) => i)),
    timeout: fc.boolean(),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    loop: fc.integer({ min: 0, max: 3 }),
    onError: fc.constantFrom('fail' as const, 'continue' as const),
  });

const shapes = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => shape(i))));

function definitionOf(list: readonly Shape[]): EnsembleDefinition {
  const name = (i: number) => `a${i}`;
  const agents = list.map((s, i): AgentDefinition => {
    const config: Record<string, string | number> = {
      http: { url: 'http://127.0.0.1:9/' },
      sleep: { duration: '5s' },
      wait: { key: `key-${i}`, ...(s.timeout ? { timeout: '1m', onTimeout: 'fail' } : {}) },
      transform: { value: 1 },
    }[s.kind];
    // A loop over a wait would open several waits under one key: only task agents loop here.
    const loop =
      s.kind === 'http' && s.loop > 0
        ? { items: `\${${JSON.stringify([...Array(s.loop).keys()])}}`, concurrency: 2 }
        : undefined;
    return agent(name(i), s.kind, {
      dependsOn: s.deps.map(name),
      onError: s.onError,
      retry: { maxAttempts: s.maxAttempts, backoff: 'fixed', initialDelayMs: 100 },
      ...(s.kind === 'http' && s.timeout ? { timeoutMs: 1000 } : {}),
      ...(loop ? { loop } : {}),
      config,
    });
  });
  return ensemble(agents);
}

interface Step {
  readonly pick: number;
  readonly ok: boolean;
  readonly cancel: boolean;
}

const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.record({ pick: fc.nat(), ok: fc.boolean(), cancel: fc.boolean() }),
  {
    minLength: 60,
    maxLength: 60,
  },
);

describe('no timer outlives its run', () => {
  it('every timer a run scheduled has fired or been cancelled when it ends, and only pending timers are cancelled', () => {
    fc.assert(
      fc.property(shapes, steps, fc.integer({ min: 0, max: 59 }), (list, script, cancelAt) => {
        const definition = definitionOf(list);
        let state = initialRunState();
        const pending = new Map<string, Timer>();
        const tasks = new Map<string, Task>();
        let clock = 0;
        const apply = (command: Command) => {
          const decision = decide(definition, state, command);
          state = foldEvents(decision.events, state);
          const scheduled = decision.timers.map((t) => t.timerId);
          expect(scheduled.filter((id) => decision.cancelledTimers.includes(id))).toEqual([]);
          expect(decision.cancelledTimers.filter((id) => !pending.has(id))).toEqual([]);
          for (const id of decision.cancelledTimers) pending.delete(id);
          for (const timer of decision.timers) pending.set(timer.timerId, timer);
          for (const task of decision.tasks) if (task.operation !== 'notify') tasks.set(task.taskId, task);
        };

        apply(startRun());
        script.forEach((step, index) => {
          if (isTerminalRun(state.status)) return;
          clock += 1;
          if (step.cancel && index === cancelAt) return apply(cancelRun('property', { at: clock }));
          const waits = Object.keys(state.waits);
          const choices: Array<Task | Timer | string> = [...tasks.values(), ...pending.values(), ...waits];
          if (choices.length === 0) return;
          const chosen = choices[step.pick % choices.length];
          if (typeof chosen === 'string') return apply(resolveWait(chosen, 'ok', { at: clock }));
          if ('taskId' in chosen) {
            tasks.delete(chosen.taskId);
            const options = { iteration: chosen.iteration, attempt: chosen.attempt, at: clock };
            return apply(
              step.ok
                ? taskSucceeded(chosen.agent, 1, options)
                : taskFailed(chosen.agent, undefined, options),
            );
          }
          pending.delete(chosen.timerId);
          apply({ ...chosen.command, at: new Date(Date.parse(chosen.dueAt) + clock).toISOString() });
        });
        const runTimeout = pending.get('run-1:run-timeout');
        if (!isTerminalRun(state.status) && runTimeout !== undefined) {
          pending.delete(runTimeout.timerId);
          apply(runTimeout.command);
        }
        expect(isTerminalRun(state.status)).toBe(true);
        expect([...pending.keys()]).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
