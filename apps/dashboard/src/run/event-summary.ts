/** One line per event for the run page's raw event log: what a reader wants from each kind. */
import type { RunEvent } from '../api/types';

export function eventSummary(event: RunEvent): string {
  const d = event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (event.type) {
    case 'RunRequested':
      return `${d.ensemble} revision ${d.revision}, ${triggerText(d.trigger)}`;
    case 'RunQueued':
      return `queued behind concurrency key ${d.key}`;
    case 'AgentScheduled':
      return `attempt ${d.attempt}${d.item === undefined ? '' : `, item ${json(d.item)}`}`;
    case 'AgentStarted':
      return `attempt ${d.attempt} taken by a worker`;
    case 'AgentSucceeded':
      return [d.response ? `HTTP ${d.response.status}` : '', `output ${json(d.output ?? null)}`]
        .filter(Boolean)
        .join(', ');
    case 'AgentFailed':
      return `${agentErrorText(d.error)}${d.final ? '' : ' (will retry)'}`;
    case 'AgentRetryScheduled':
      return `attempt ${d.attempt} in ${d.delayMs} ms`;
    case 'AgentDeferred':
      return `${agentErrorText(d.error)}: attempt ${d.attempt} not counted, sent again at ${d.dueAt}`;
    case 'AgentSkipped':
      return d.reason === 'condition' ? 'condition was false' : 'the run had ended';
    case 'WaitStarted':
      return `key ${d.key}${d.timeoutAt ? `, times out at ${d.timeoutAt}` : ''}`;
    case 'WaitResolved':
      return `key ${d.key}: ${json(d.value)}`;
    case 'WaitTimedOut':
      return `key ${d.key}`;
    case 'StateUpdated':
      return `set ${Object.keys(d.changes ?? {}).join(', ')}`;
    case 'RunCompleted':
      return `output ${json(d.output ?? null)}`;
    case 'RunFailed':
      return `${d.error?.agent ? `${d.error.agent}: ` : ''}${agentErrorText(d.error)}`;
    case 'RunTimedOut':
      return `after ${d.timeoutMs} ms`;
    case 'RunCancelled':
      return String(d.reason ?? '');
    default:
      // RunStarted, and event types newer than this page: the raw JSON is one click away.
      return '';
  }
}

/** The agent an event concerns, `name #2` for an iteration of a loop. */
export function eventAgent(event: RunEvent): string {
  const { agent, iteration } = event.data as { agent?: unknown; iteration?: unknown };
  if (typeof agent !== 'string') return '';
  return typeof iteration === 'number' && iteration > 0 ? `${agent} #${iteration}` : agent;
}

const MAX_VALUE = 120;

function json(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function triggerText(
  trigger: { type?: unknown; path?: unknown; of?: unknown; event?: unknown } | undefined,
): string {
  if (!trigger) return 'unknown trigger';
  if (typeof trigger.path === 'string') return `${trigger.type} ${trigger.path}`;
  if (typeof trigger.of === 'string') return `${trigger.type} of ${trigger.of}`;
  if (trigger.type === 'event' && typeof trigger.event === 'string') return `event ${trigger.event}`;
  return `${trigger.type} trigger`;
}

/** `http-503 (HTTP 503): the message` for an agent's or a run's error. */
export function agentErrorText(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; status?: unknown } | undefined;
  if (!e || typeof e.message !== 'string') return 'failed';
  return `${String(e.code ?? 'error')}${typeof e.status === 'number' ? ` (HTTP ${e.status})` : ''}: ${e.message}`;
}
