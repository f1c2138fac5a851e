/**
 * `state.set` after an agent finishes (dsl.md "Agents"). The map form evaluates each expression;
 * the list form takes `output[key]` when the output is an object that has it, else the agent's
 * success for a key declared `boolean`, else the whole output. Values are checked against
 * `state.schema` when one is declared.
 */
import type { AgentDefinition, StateType } from '@baton/model';
import type { AgentErrorInfo } from '../events';
import { type DecisionDraft, agentState } from './decision-draft';
import { evaluate } from './evaluation';

export type StateChanges =
  | { readonly ok: true; readonly changes: Record<string, unknown> }
  | { readonly ok: false; readonly error: AgentErrorInfo };

/** The changes of an agent that has just succeeded (it is in scope as finished). */
export function stateChangesOnSuccess(draft: DecisionDraft, agent: AgentDefinition): StateChanges {
  const set = agent.state?.set;
  if (set === undefined) return { ok: true, changes: {} };
  const changes: Record<string, unknown> = {};
  if (set.form === 'map') {
    for (const [key, expression] of Object.entries(set.values)) {
      const result = evaluate(draft, expression);
      if (!result.ok) {
        return {
          ok: false,
          error: { code: 'expression', message: `state.set.${key} of '${agent.name}': ${result.message}` },
        };
      }
      changes[key] = result.value;
    }
  } else {
    const output = agentState(draft, agent.name).output;
    for (const key of set.keys) changes[key] = listFormValue(draft, key, output);
  }
  return checked(draft, agent, changes);
}

/**
 * The changes of an agent that has finally failed (the run goes on): only the list form's keys
 * declared `boolean` are set, to the agent's success (false). Nothing else has a value to take.
 */
export function stateChangesOnFailure(draft: DecisionDraft, agent: AgentDefinition): Record<string, unknown> {
  const set = agent.state?.set;
  const changes: Record<string, unknown> = {};
  if (set?.form !== 'list') return changes;
  for (const key of set.keys) if (draft.definition.stateSchema[key] === 'boolean') changes[key] = false;
  return changes;
}

/** The list form's value for `key` after a success. */
function listFormValue(draft: DecisionDraft, key: string, output: unknown): unknown {
  if (isPlainObject(output) && Object.hasOwn(output, key)) return output[key];
  if (draft.definition.stateSchema[key] === 'boolean') return true;
  return output;
}

function checked(
  draft: DecisionDraft,
  agent: AgentDefinition,
  changes: Record<string, unknown>,
): StateChanges {
  const schema = draft.definition.stateSchema;
  const declared = Object.keys(schema).length > 0;
  for (const key of Object.keys(changes)) {
    // undefined cannot be stored in a JSON event: an absent value is null.
    if (changes[key] === undefined) changes[key] = null;
    if (!declared) continue;
    const type = schema[key];
    if (type === undefined) {
      return {
        ok: false,
        error: {
          code: 'state-undeclared',
          message: `'${agent.name}' sets state key '${key}', which state.schema does not declare`,
        },
      };
    }
    if (!hasStateType(changes[key], type)) {
      return {
        ok: false,
        error: {
          code: 'state-type',
          message: `'${agent.name}' sets state key '${key}' to ${describe(changes[key])}, but state.schema declares it ${type}`,
        },
      };
    }
  }
  return { ok: true, changes };
}

/** null is accepted for every type: it means "no value". */
function hasStateType(value: unknown, type: StateType): boolean {
  if (value === null || type === 'any') return true;
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return typeof value === type;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
