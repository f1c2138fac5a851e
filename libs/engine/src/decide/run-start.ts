/**
 * StartRun and AdmitRun. A run is requested once (a second StartRun finds it requested and does
 * nothing). An ensemble with a `concurrency` policy queues the run until the coordinator admits it
 * (AdmitRun); otherwise it starts at once. Its time-out counts from the start, not the request.
 */
import type { StartRun } from '../commands';
import type { EventPayloads, RunEvent } from '../events';
import { evolve } from '../evolve';
import { type DecisionDraft, emit, redacted } from './decision-draft';
import { evaluate } from './evaluation';
import { advance } from './progress';
import { endRun } from './run-end';
import { scheduleRunTimeout } from './timers';

export function requestRun(draft: DecisionDraft, command: StartRun): void {
  const { definition } = draft;
  const requested: EventPayloads['RunRequested'] = {
    ensemble: command.ensemble,
    revision: command.revision,
    input: command.input,
    trigger: command.trigger,
    ...(command.parent === undefined ? {} : { parent: command.parent }),
    agents: definition.agents.map((agent) => agent.name),
  };
  if (definition.concurrency === undefined) {
    emit(draft, 'RunRequested', requested);
    startRun(draft);
    return;
  }
  const key = concurrencyKey(draft, requested);
  emit(draft, 'RunRequested', key.ok ? { ...requested, concurrencyKey: key.key } : requested);
  if (!key.ok) {
    endRun(draft, { type: 'RunFailed', data: { error: { code: 'concurrency-key', message: key.message } } });
    return;
  }
  emit(draft, 'RunQueued', { reason: 'concurrency', key: key.key });
}

export function admitRun(draft: DecisionDraft): void {
  if (draft.state.status === 'queued') startRun(draft);
}

function startRun(draft: DecisionDraft): void {
  emit(draft, 'RunStarted', {});
  scheduleRunTimeout(draft, draft.definition.timeoutMs);
  advance(draft);
}

type Key = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly message: string };

/** Evaluated against the run as it will be once requested (its input, trigger and id in scope). */
function concurrencyKey(draft: DecisionDraft, requested: EventPayloads['RunRequested']): Key {
  const provisional = evolve(draft.state, {
    type: 'RunRequested',
    version: 1,
    runId: draft.runId,
    seq: draft.state.seq + 1,
    at: draft.command.at,
    causationId: draft.command.commandId,
    data: requested,
  } satisfies RunEvent);
  const result = evaluate(draft, draft.definition.concurrency?.key, undefined, provisional);
  if (!result.ok) return { ok: false, message: `concurrency.key: ${result.message}` };
  const value = result.value;
  const key = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
  return { ok: true, key: redacted(draft, key) };
}
