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
      return `cron ${trigger.cron ?? '?'}${trigger.timezone && trigger.timezone !== 'UTC' ? ` ${trigger.timezone}` : ''}`;
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
