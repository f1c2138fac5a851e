/** What the ensemble page says about triggers: where a webhook listens, when a cron fires next. */
import { Cron } from 'croner';

/** Where a webhook trigger listens: `POST <public URL>/webhooks<path>` (interfaces.md). */
export function webhookUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * The next instants of a cron trigger, computed with the library the loader validates schedules
 * with (croner), in the trigger's time zone.
 */
export function nextCronTimes(
  expression: string,
  timezone: string,
  from: Date,
  count: number,
): { ok: true; times: Date[] } | { ok: false; message: string } {
  try {
    return { ok: true, times: new Cron(expression, { timezone, paused: true }).nextRuns(count, from) };
  } catch (error) {
    // croner refuses a pattern or zone it cannot read by throwing; its message says which
    if (error instanceof Error) return { ok: false, message: error.message };
    throw error;
  }
}
