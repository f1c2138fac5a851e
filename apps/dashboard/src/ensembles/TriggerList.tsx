import type { Trigger } from '@baton/model';
import { usePageSettings } from '../settings-context';
import { CopyButton } from '../ui/CopyButton';
import { Timestamp } from '../ui/time';
import { nextCronTimes, webhookUrl } from './triggers';

const NEXT_CRON_TIMES = 3;

/** Each trigger with what a user needs to fire it: the webhook URL, the next cron instants. */
export function TriggerList({ triggers }: { triggers: readonly Trigger[] }) {
  const { publicUrl } = usePageSettings();
  if (triggers.length === 0) {
    return <p class="muted">No triggers: runs start through the API, the CLI or the form here.</p>;
  }
  return (
    <ul class="trigger-list">
      {triggers.map((trigger, index) => (
        <li key={index} class="trigger">
          <span class="chip">{trigger.type}</span>
          <div class="trigger-body">{describe(trigger, publicUrl)}</div>
        </li>
      ))}
    </ul>
  );
}

function describe(trigger: Trigger, publicUrl: string) {
  switch (trigger.type) {
    case 'webhook': {
      const url = webhookUrl(publicUrl, trigger.path);
      return (
        <>
          <div class="trigger-line">
            <span class="mono small">POST {url}</span> <CopyButton value={url} label="Copy URL" />
          </div>
          <div class="muted small">
            signed with {trigger.auth.scheme}
            {trigger.auth.header && <> in header {trigger.auth.header}</>}
          </div>
        </>
      );
    }
    case 'cron': {
      const next = nextCronTimes(trigger.cron, trigger.timezone, new Date(), NEXT_CRON_TIMES);
      return (
        <>
          <div class="trigger-line">
            <span class="mono">{trigger.cron}</span> <span class="muted small">({trigger.timezone})</span>
            {!trigger.enabled && <span class="chip chip-quiet">disabled</span>}
          </div>
          {trigger.enabled &&
            (next.ok ? (
              <div class="muted small">
                next ({trigger.timezone}):{' '}
                {next.times.map((time, i) => (
                  <span key={i}>
                    {i > 0 && ', '}
                    <Timestamp iso={time.toISOString()} timeZone={trigger.timezone} />
                  </span>
                ))}
              </div>
            ) : (
              <div class="field-error">cannot compute the next times: {next.message}</div>
            ))}
        </>
      );
    }
    case 'event':
      return <span class="mono">{trigger.event}</span>;
    case 'queue':
      return <span class="mono">{trigger.queue}</span>;
    default:
      return <span class="muted small">started by hand (API, CLI or this page)</span>;
  }
}
