import { evaluateValue } from '@baton/expressions';
import type { CronTriggerInfo } from '@baton/messaging';
import type { CronTrigger } from '@baton/model';

/**
 * The run input of one cron instant: the trigger's `input`, its expressions evaluated with the
 * instant in `execution.trigger` and `Date.now()` at the instant. No `env`: the input is stored in
 * the run's log, where a secret must never go. Without `input`, `{}`.
 */
export function cronRunInput(trigger: CronTrigger, info: CronTriggerInfo): unknown {
  if (trigger.input === undefined) return {};
  const at = Date.parse(info.instant);
  return evaluateValue(trigger.input, { execution: { trigger: info } }, { now: at });
}
