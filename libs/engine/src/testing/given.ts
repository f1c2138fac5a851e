/**
 * Given / when / then for the run decider (style.md): `given(definition, history)` folds a history
 * (events, or commands that are decided in turn to produce them), `when(command)` decides, and
 * `then(expected)` compares what was decided. Every decision is also checked for the envelope
 * every event must carry (run id, consecutive seq, the command's time, causation and trace).
 */
import type { EnsembleDefinition } from '@baton/model';
import type { Command } from '../commands';
import { decide } from '../decide/decide';
import type { DecideContext } from '../decide/decision-draft';
import type { Decision, Task, Timer } from '../decision';
import { EVENT_VERSIONS, type EventType, type RunEvent } from '../events';
import { foldEvents } from '../evolve';
import type { RunState } from '../run-state';

export interface ExpectedEvent {
  readonly type: EventType;
  /** Compared exactly; leave out to accept any payload. */
  readonly data?: unknown;
}

/** Each key that is present is compared; tasks, timers and commands by the fields given. */
export interface ExpectedDecision {
  readonly events?: readonly ExpectedEvent[];
  readonly tasks?: readonly Partial<Task>[];
  readonly timers?: readonly Partial<Timer>[];
  readonly cancelledTimers?: readonly string[];
  readonly commands?: readonly Partial<Command>[];
}

export interface When {
  readonly decision: Decision;
  /** The state after the decision's events. */
  readonly state: RunState;
  then(expected: ExpectedDecision): void;
  thenNothing(): void;
}

export interface Given {
  readonly events: readonly RunEvent[];
  readonly state: RunState;
  when(command: Command, context?: DecideContext): When;
}

export function given(
  definition: EnsembleDefinition,
  history: ReadonlyArray<RunEvent | Command> = [],
  context: DecideContext = {},
): Given {
  const events = replay(definition, history, context);
  const state = foldEvents(events);
  return {
    events,
    state,
    when(command, whenContext = context) {
      const decision = decide(definition, state, command, whenContext);
      expectEnvelopes(state, command, decision.events);
      return {
        decision,
        state: foldEvents(decision.events, state),
        then: (expected) => expectDecision(decision, expected),
        thenNothing: () =>
          expect(decision).toEqual({ events: [], tasks: [], timers: [], cancelledTimers: [], commands: [] }),
      };
    },
  };
}

/** The events a history stands for: events as they are, commands decided against the state so far. */
export function replay(
  definition: EnsembleDefinition,
  history: ReadonlyArray<RunEvent | Command>,
  context: DecideContext = {},
): RunEvent[] {
  const events: RunEvent[] = [];
  let state = foldEvents([]);
  for (const entry of history) {
    const produced = 'commandId' in entry ? decide(definition, state, entry, context).events : [entry];
    state = foldEvents(produced, state);
    events.push(...produced);
  }
  return events;
}

function expectEnvelopes(state: RunState, command: Command, events: readonly RunEvent[]): void {
  const traceparent = command.traceparent ?? state.traceparent;
  events.forEach((event, index) => {
    expect({
      runId: event.runId,
      seq: event.seq,
      at: event.at,
      causationId: event.causationId,
      traceparent: event.traceparent,
      version: event.version,
    }).toEqual({
      runId: command.runId,
      seq: state.seq + index + 1,
      at: command.at,
      causationId: command.commandId,
      traceparent,
      version: EVENT_VERSIONS[event.type],
    });
  });
}

function expectDecision(decision: Decision, expected: ExpectedDecision): void {
  if (expected.events !== undefined) {
    expect(decision.events.map((event) => ({ type: event.type, data: event.data }))).toEqual(
      expected.events.map((event) => ({
        type: event.type,
        data: 'data' in event ? event.data : expect.anything(),
      })),
    );
  }
  if (expected.tasks !== undefined) {
    expect(decision.tasks).toEqual(expected.tasks.map((task) => expect.objectContaining(task)));
  }
  if (expected.timers !== undefined) {
    expect(decision.timers).toEqual(expected.timers.map((timer) => expect.objectContaining(timer)));
  }
  if (expected.cancelledTimers !== undefined)
    expect(decision.cancelledTimers).toEqual(expected.cancelledTimers);
  if (expected.commands !== undefined) {
    expect(decision.commands).toEqual(expected.commands.map((command) => expect.objectContaining(command)));
  }
}
