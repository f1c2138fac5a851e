/**
 * The decision being built while one command is handled. Every event is folded into `state` as soon
 * as it is emitted, so later steps of the same decision see it and the events always fold to the
 * state they were decided from.
 */
import type { AgentDefinition, EnsembleDefinition } from '@baton/model';
import { SecretSet } from '@baton/expressions';
import type { Command } from '../commands';
import type { Decision, Task, Timer } from '../decision';
import { EMPTY_ENVIRONMENT, type EnvironmentSnapshot } from '../environment';
import { EVENT_VERSIONS, type EventPayloads, type EventType, type RunEvent } from '../events';
import { evolve } from '../evolve';
import { type AgentState, PENDING_AGENT, type RunState } from '../run-state';

export interface DecideContext {
  /**
   * The environment conditions, loop items, outputs and transforms read as `env`: the process's
   * snapshot (`snapshotEnvironment`, taken once at start), used as it is. None by default.
   */
  readonly env?: EnvironmentSnapshot;
}

export interface DecisionDraft {
  readonly definition: EnsembleDefinition;
  readonly command: Command;
  readonly runId: string;
  /** The command's time in ms since the epoch: the only clock the engine knows. */
  readonly now: number;
  readonly env: EnvironmentSnapshot;
  /** Every value read from `env` while deciding, to be redacted from what is written. */
  readonly secrets: SecretSet;
  state: RunState;
  readonly events: RunEvent[];
  readonly tasks: Task[];
  readonly timers: Timer[];
  readonly cancelledTimers: string[];
  readonly commands: Command[];
}

export function newDraft(
  definition: EnsembleDefinition,
  state: RunState,
  command: Command,
  context: DecideContext,
): DecisionDraft {
  const now = Date.parse(command.at);
  // A command without a valid time is a caller's bug: the engine cannot invent one.
  if (Number.isNaN(now))
    throw new TypeError(`command ${command.commandId} has no valid ISO 8601 time: ${command.at}`);
  return {
    definition,
    command,
    runId: command.runId,
    now,
    env: context.env ?? EMPTY_ENVIRONMENT,
    secrets: new SecretSet(),
    state,
    events: [],
    tasks: [],
    timers: [],
    cancelledTimers: [],
    commands: [],
  };
}

/** The trace every event and message of a decision carries: the command's, else the run's. */
export function traceOf(draft: DecisionDraft): { readonly traceparent?: string } {
  const traceparent = draft.command.traceparent ?? draft.state.traceparent;
  return traceparent === undefined ? {} : { traceparent };
}

export function emit<T extends EventType>(draft: DecisionDraft, type: T, data: EventPayloads[T]): void {
  const event = {
    type,
    version: EVENT_VERSIONS[type],
    runId: draft.runId,
    seq: draft.state.seq + 1,
    at: draft.command.at,
    causationId: draft.command.commandId,
    ...traceOf(draft),
    data,
  } as RunEvent;
  draft.state = evolve(draft.state, event);
  draft.events.push(event);
}

/** A value computed while deciding, with every secret read so far replaced by `[redacted]`. */
export function redacted<T>(draft: DecisionDraft, value: T): T {
  return draft.secrets.size === 0 ? value : draft.secrets.redact(value);
}

export function agentState(draft: DecisionDraft, name: string): AgentState {
  return draft.state.agents[name] ?? PENDING_AGENT;
}

// Definitions are immutable and reused for many decisions: index their agents once.
const agentIndexes = new WeakMap<EnsembleDefinition, ReadonlyMap<string, AgentDefinition>>();

export function agentDefinition(draft: DecisionDraft, name: string): AgentDefinition | undefined {
  let index = agentIndexes.get(draft.definition);
  if (index === undefined) {
    index = new Map(draft.definition.agents.map((agent) => [agent.name, agent]));
    agentIndexes.set(draft.definition, index);
  }
  return index.get(name);
}

export function isoAfter(draft: DecisionDraft, delayMs: number): string {
  return new Date(draft.now + delayMs).toISOString();
}

export function toDecision(draft: DecisionDraft): Decision {
  return {
    events: draft.events,
    tasks: draft.tasks,
    timers: draft.timers,
    cancelledTimers: draft.cancelledTimers,
    commands: draft.commands,
  };
}
