/**
 * decide: what follows from one command, given the run's state. Pure: time comes with the command,
 * the environment with the context. A terminal run decides nothing, whatever the command, so every
 * late or repeated command is harmless.
 */
import type { EnsembleDefinition } from '@baton/model';
import type { Command } from '../commands';
import type { Decision } from '../decision';
import { type RunState, isTerminalRun } from '../run-state';
import { childRunEnded } from './child-runs';
import { type DecideContext, newDraft, toDecision } from './decision-draft';
import { advance } from './progress';
import { endRun } from './run-end';
import { admitRun, requestRun } from './run-start';
import { applyTaskResult } from './task-results';
import { applyTimer } from './timer-fired';
import { resolveWait } from './waits';

const NOTHING: Decision = Object.freeze({
  events: [],
  tasks: [],
  timers: [],
  cancelledTimers: [],
  commands: [],
});

export function decide(
  definition: EnsembleDefinition,
  state: RunState,
  command: Command,
  context: DecideContext = {},
): Decision {
  if (isTerminalRun(state.status)) return NOTHING;
  if (state.status === 'pending' ? command.type !== 'StartRun' : command.type === 'StartRun') return NOTHING;
  if (state.runId !== undefined && state.runId !== command.runId) return NOTHING;
  const draft = newDraft(definition, state, command, context);
  switch (command.type) {
    case 'StartRun':
      requestRun(draft, command);
      break;
    case 'AdmitRun':
      admitRun(draft);
      break;
    case 'TaskResult':
      applyTaskResult(draft, command);
      break;
    case 'TimerFired':
      applyTimer(draft, command);
      break;
    case 'ResolveWait':
      resolveWait(draft, command);
      break;
    case 'ChildRunEnded':
      childRunEnded(draft, command);
      break;
    case 'CancelRun':
      endRun(draft, { type: 'RunCancelled', data: { reason: command.reason } });
      break;
  }
  if (draft.events.length === 0) return NOTHING;
  advance(draft);
  return toDecision(draft);
}
