/**
 * Upcasters: how an event stored with an older version of its type becomes the current version
 * (EVENT_VERSIONS). Stored events are never rewritten; they are upcast each time they are decoded,
 * so `evolve` and every reader only ever see current shapes.
 *
 * UPCASTERS[type][v] turns version v of `type` into version v + 1; every version below the current
 * one has one. Never change an upcaster once released: events in streams depend on it. A new shape
 * is a new version with a new upcaster (the recorded-history replay test fails until there is one).
 */
import { EVENT_VERSIONS, type EventType, type RunEvent } from '../events';
import { RunLogDecodeError } from './run-log-error';

/** A stored event whose envelope has been checked, of any version of a known type. */
export interface StoredEvent {
  readonly type: EventType;
  readonly version: number;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

type Upcaster = (event: StoredEvent) => StoredEvent;

export const UPCASTERS: { readonly [T in EventType]?: Readonly<Record<number, Upcaster>> } = {
  // v1 had no `startedAt` (a short-lived build wrote one anyway): else the event's own time.
  AgentStarted: { 1: (event) => next(event, { startedAt: event.at, ...event.data }) },
  AgentSucceeded: { 1: explicitLevel },
  AgentFailed: { 1: explicitLevel },
};

/** The event in the current version of its type. */
export function upcast(event: StoredEvent): RunEvent {
  let current = event;
  const target: number = EVENT_VERSIONS[event.type];
  while (current.version < target) {
    const step = UPCASTERS[current.type]?.[current.version];
    if (step === undefined) {
      throw new RunLogDecodeError(
        'missing-upcaster',
        `${current.type} version ${current.version} has no upcaster to version ${current.version + 1}`,
      );
    }
    current = step(current);
  }
  return current as unknown as RunEvent;
}

function next(event: StoredEvent, data: Record<string, unknown>): StoredEvent {
  return { ...event, version: event.version + 1, data };
}

/**
 * Version 1 of AgentSucceeded / AgentFailed marked an outcome of the agent as a whole (an empty
 * loop; a condition, loop-items or state.set error) with `attempt: 0`, `iteration: 0`, `taskId: ''`.
 * Version 2 says `level: 'agent'` and drops those fields; other outcomes say `level: 'attempt'`.
 */
function explicitLevel(event: StoredEvent): StoredEvent {
  const { iteration: _iteration, attempt, taskId: _taskId, ...rest } = event.data;
  return attempt === 0
    ? next(event, { ...rest, level: 'agent' })
    : next(event, { ...event.data, level: 'attempt' });
}
