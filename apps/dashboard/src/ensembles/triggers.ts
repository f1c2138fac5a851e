/** What the ensemble page says about triggers: where a webhook listens, when a cron fires next. */
import { CronSchedule } from '@baton/model';

/** Where a webhook trigger listens: `POST <public URL>/webhooks<path>` (interfaces.md). */
export function webhookUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * The next instants of a cron trigger, in the trigger's time zone, computed where the scheduler
 * computes the instants it fires (`CronSchedule` of @baton/model, croner underneath).
 */
export function nextCronTimes(
  expression: string,
  timezone: string,
  from: Date,
  count: number,
): { ok: true; times: Date[] } | { ok: false; message: string } {
  let schedule: CronSchedule;
  try {
    schedule = new CronSchedule({ cron: expression, timezone });
  } catch (error) {
    // croner refuses a pattern or zone it cannot read by throwing; its message says which
    if (error instanceof Error) return { ok: false, message: error.message };
    throw error;
  }
  const times: Date[] = [];
  for (let next = schedule.next(from); next && times.length < count; next = schedule.next(next)) {
    times.push(next);
  }
  return { ok: true, times };
}
