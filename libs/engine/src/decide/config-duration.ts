/** A duration from an operation's config (`sleep.duration`, `wait.timeout`), known only once evaluated. */
import { type AgentDefinition, type Value, parseDuration } from '@baton/model';
import type { DecisionDraft } from './decision-draft';
import { type LoopScope, evaluate } from './evaluation';

export type ConfigDuration =
  { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

export function configDuration(
  draft: DecisionDraft,
  agent: AgentDefinition,
  key: string,
  loop?: LoopScope,
): ConfigDuration {
  const value: Value | undefined = agent.config[key];
  const result = evaluate(draft, value, loop);
  if (!result.ok) return { ok: false, message: `${key}: ${result.message}` };
  const ms = parseDuration(result.value);
  if (ms === undefined) {
    const got = JSON.stringify(result.value) ?? 'nothing';
    return {
      ok: false,
      message: `${key} must be a duration like 250ms, 30s, 5m or 1h, or a number of milliseconds; got ${got}`,
    };
  }
  return { ok: true, ms };
}
