import type { Trigger } from '@baton/model';
import type { LoadedEnsemble } from './validation-result';

/** One ensemble in `baton validate`'s report: how many agents, and how its runs start. */
export interface EnsembleSummary {
  readonly name: string;
  readonly file: string;
  readonly agents: number;
  /** Declared triggers only: a manual start is always possible and is not counted unless listed. */
  readonly triggers: readonly string[];
}

export function summarizeEnsemble({ definition, file }: LoadedEnsemble): EnsembleSummary {
  return {
    name: definition.name,
    file,
    agents: definition.agents.length,
    triggers: definition.triggers.map(describeTrigger),
  };
}

/** `webhook /hooks/orders (stripe)`, `cron 0 8 * * 1-5 Europe/Paris`, `queue support-tickets`… */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.type) {
    case 'webhook':
      return `webhook ${trigger.path} (${trigger.auth.scheme})`;
    case 'cron':
      return `cron ${trigger.cron} ${trigger.timezone}${trigger.enabled ? '' : ' (disabled)'}`;
    case 'queue':
      return `queue ${trigger.queue}`;
    case 'event':
      return `event ${trigger.event}`;
    case 'manual':
      return 'manual';
    case 'database':
      return `database ${trigger.table} (${trigger.events.join(', ')})${trigger.where === undefined ? '' : ` where ${trigger.where}`}`;
  }
}
