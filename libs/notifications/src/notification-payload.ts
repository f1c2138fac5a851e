/**
 * What a notification says about an event: dsl.md's webhook body `{ event, timestamp, data: { id,
 * ensemble, status, output, error, duration } }`, built from the run's state after the event, so
 * every attempt and every redelivery of a delivery sends the same bytes.
 *
 * For `agent.*` events `data` also names the `agent`, and `output`, `error` and `duration` are the
 * agent's; for `state.updated`, `data.agent` wrote `data.changes` and `data.state` is the run's
 * whole state after it. Elsewhere `output`, `error` and `duration` are the run's (duration so far
 * for `execution.started`).
 */
import type { RunEvent, RunState } from '@baton/engine';
import type { NotificationEvent } from '@baton/model';

export interface NotificationData {
  readonly id: string;
  readonly ensemble: string;
  readonly status: string;
  readonly output: unknown;
  readonly error: unknown;
  /** Milliseconds. */
  readonly duration: number | null;
  readonly [extra: string]: unknown;
}

export interface NotificationPayload {
  readonly event: NotificationEvent;
  /** ISO 8601: when the run event happened. */
  readonly timestamp: string;
  readonly data: NotificationData;
}

export function notificationPayload(
  state: RunState,
  event: RunEvent,
  name: NotificationEvent,
): NotificationPayload {
  const run = {
    id: event.runId,
    ensemble: state.ensemble ?? '',
    status: state.status,
  };
  if (event.type === 'AgentSucceeded' || event.type === 'AgentFailed') {
    const agent = state.agents[event.data.agent];
    return {
      event: name,
      timestamp: event.at,
      data: {
        ...run,
        agent: event.data.agent,
        output: agent?.output ?? null,
        error: agent?.error ?? null,
        duration: span(agent?.startedAt, agent?.finishedAt ?? event.at),
      },
    };
  }
  if (event.type === 'StateUpdated') {
    return {
      event: name,
      timestamp: event.at,
      data: {
        ...run,
        agent: event.data.agent,
        changes: event.data.changes,
        state: state.state,
        output: null,
        error: null,
        duration: span(state.startedAt ?? state.requestedAt, event.at),
      },
    };
  }
  return {
    event: name,
    timestamp: event.at,
    data: {
      ...run,
      output: state.output ?? null,
      error: state.error ?? null,
      duration: span(state.startedAt ?? state.requestedAt, state.finishedAt ?? event.at),
    },
  };
}

/**
 * `data` as notification templates see it (dsl.md "Expressions"): the payload's fields with the
 * run's input and output fields spread in, output first — a field of the output hides an input
 * field of the same name, and the payload's own fields hide both.
 */
export function templateData(payload: NotificationPayload, state: RunState): Record<string, unknown> {
  return { ...fieldsOf(state.input), ...fieldsOf(state.output), ...payload.data };
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function span(from: string | undefined, to: string | undefined): number | null {
  if (from === undefined || to === undefined) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}
