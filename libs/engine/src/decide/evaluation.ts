/**
 * Expressions the orchestrator evaluates itself (conditions, loop items, transforms, waits, child
 * runs, state.set, the output, the concurrency key), against the run scope of dsl.md "Expressions".
 * An expression error is a value here, turned into the failure of whatever needed it.
 */
import type { Value } from '@baton/model';
import { ExpressionError, type Scope, evaluateValue } from '@baton/expressions';
import { agentView } from '../agent-view';
import type { RunState } from '../run-state';
import { type DecisionDraft, redacted } from './decision-draft';

export interface LoopScope {
  readonly item: unknown;
  readonly index: number;
}

export type Evaluated =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/**
 * Every finished agent by name, then the fixed names (`input`, `state`, `env`, …), which win over
 * an agent of the same name.
 */
export function runScope(draft: DecisionDraft, loop?: LoopScope, state: RunState = draft.state): Scope {
  const scope: Record<string, unknown> = {};
  for (const name of Object.keys(state.agents)) {
    const view = agentView(state, name);
    if (view !== undefined) scope[name] = view;
  }
  const { definition } = draft;
  scope.input = state.input;
  scope.state = state.state;
  scope.env = draft.env;
  scope.ensemble = { name: definition.name, version: definition.version, revision: state.revision };
  scope.execution = {
    id: state.runId ?? draft.runId,
    startedAt: state.startedAt ?? state.requestedAt,
    trigger: state.trigger,
  };
  scope.component = definition.components;
  if (loop !== undefined) scope.loop = loop;
  return scope;
}

export function evaluate(
  draft: DecisionDraft,
  value: Value | undefined,
  loop?: LoopScope,
  state: RunState = draft.state,
): Evaluated {
  if (value === undefined) return { ok: true, value: undefined };
  try {
    return {
      ok: true,
      value: evaluateValue(value, runScope(draft, loop, state), { now: draft.now, secrets: draft.secrets }),
    };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: redacted(draft, error.message) };
    throw error;
  }
}
