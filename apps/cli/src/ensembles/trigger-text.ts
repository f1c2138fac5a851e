import type { TriggerListing } from '../stack/sample-webhook';

/** How an ensemble starts, on one line: `POST <url>/webhooks/hooks/x (hmac-sha256), cron 0 8 * * *`. */
export function triggersText(triggers: readonly TriggerListing[], ingressUrl: string): string {
  // An ensemble that declares no trigger can still be started through the API (`baton run`).
  if (triggers.length === 0) return 'manual';
  return triggers.map((trigger) => triggerText(trigger, ingressUrl)).join(', ');
}

function triggerText(trigger: TriggerListing, ingressUrl: string): string {
  switch (trigger.type) {
    case 'webhook':
      return `POST ${ingressUrl}/webhooks${trigger.path ?? ''} (${trigger.auth?.scheme ?? 'none'})`;
    case 'cron':
      return `cron ${trigger.cron ?? '?'}${trigger.timezone && trigger.timezone !== 'UTC' ? ` ${trigger.timezone}` : ''}${cronWhen(trigger)}`;
    case 'event':
      return `event ${trigger.event ?? '?'}`;
    case 'queue':
      return `queue ${trigger.queue ?? '?'}`;
    case 'database':
      return `database ${trigger.table ?? '?'} (${trigger.events?.join(', ') ?? '?'})`;
    default:
      return trigger.type;
  }
}

/** ` (next 2026-06-02 08:00:00-04:00)`, ` (disabled)` or ` (never fires)`; nothing from an older API. */
function cronWhen(trigger: TriggerListing): string {
  if (trigger.enabled === false) return ' (disabled)';
  if (trigger.nextFireAt === undefined) return '';
  if (trigger.nextFireAt === null) return ' (never fires)';
  return ` (next ${trigger.nextFireAt.replace('T', ' ')})`;
}
