/** Spec support: a run's events as the engine writes them, and a definition with notifications. */
import { foldEvents, type RunEvent } from '@baton/engine';
import { loadEnsembleText } from '@baton/definition';
import type { EnsembleDefinition } from '@baton/model';

let seq = 0;
const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, second)).toISOString();

function event<T extends RunEvent['type']>(
  type: T,
  second: number,
  data: Extract<RunEvent, { type: T }>['data'],
): RunEvent {
  seq += 1;
  return {
    type,
    version: 1,
    runId: 'run-1',
    seq,
    at: at(second),
    causationId: `c-${seq}`,
    data,
  } as unknown as RunEvent;
}

/** A run of `approvals`: requested, started, `check` succeeds, state set, then it completes. */
export function completedRun(): RunEvent[] {
  seq = 0;
  return [
    event('RunRequested', 0, {
      ensemble: 'approvals',
      revision: 3,
      input: { expenseId: 'exp-9', amount: 120, status: 'from-input', shared: 'input' },
      trigger: { type: 'manual' },
      agents: ['check'],
    }),
    event('RunStarted', 0, {}),
    event('AgentScheduled', 0, { agent: 'check', iteration: 0, attempt: 1, taskId: 'run-1:check:0:1' }),
    event('AgentSucceeded', 2, {
      agent: 'check',
      level: 'attempt',
      iteration: 0,
      attempt: 1,
      taskId: 'run-1:check:0:1',
      output: { risk: 'low' },
    }),
    event('StateUpdated', 2, { agent: 'check', changes: { reviewed: true } }),
    event('RunCompleted', 3, { output: { decision: 'approved', shared: 'output' } }),
  ].map((entry) =>
    entry.type === 'AgentSucceeded' || entry.type === 'AgentStarted'
      ? ({ ...entry, version: 2 } as RunEvent)
      : entry,
  );
}

export function stateAfter(events: readonly RunEvent[], lastSeq: number) {
  return foldEvents(events.filter((entry) => entry.seq <= lastSeq));
}

/** `approvals` with the notifications given as YAML (indented under `notifications:`). */
export function definitionWith(notifications: string): EnsembleDefinition {
  const result = loadEnsembleText(
    `ensemble: approvals
version: 1.2.0
agents:
  - name: check
    operation: transform
    config: { value: { risk: low } }
notifications:
${notifications}
`,
    { file: 'approvals.yaml', baseDir: '/nowhere' },
  );
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.definition;
}
