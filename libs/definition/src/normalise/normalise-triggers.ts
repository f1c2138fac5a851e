/** Trigger DTOs → model triggers, with defaults (UTC, tolerance 300 s, enabled, no catch-up). */
import {
  CronTriggerDto,
  DatabaseTriggerDto,
  EventTriggerDto,
  ManualTriggerDto,
  QueueTriggerDto,
  SIGNATURE_SCHEMES,
  WebhookAuthDto,
  WebhookTriggerDto,
} from '../dto/trigger.dto';
import { DATABASE_EVENTS, parseDuration, type SignatureScheme, type Trigger } from '@baton/model';
import { optionalValue, stringOr, withoutUndefined } from './plain-value';

export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The model trigger, or undefined for an invalid one (already reported). */
export function normaliseTrigger(dto: unknown): Trigger | undefined {
  if (dto instanceof WebhookTriggerDto) {
    if (typeof dto.path !== 'string') return undefined;
    const auth = dto.auth instanceof WebhookAuthDto ? dto.auth : undefined;
    return withoutUndefined({
      type: 'webhook' as const,
      path: webhookPath(dto.path),
      auth: withoutUndefined({
        scheme: stringOr<SignatureScheme>(auth?.scheme, SIGNATURE_SCHEMES, 'none'),
        secret: optionalValue(auth?.secret),
        header: typeof auth?.header === 'string' ? auth.header : undefined,
        toleranceSeconds: toleranceSeconds(auth?.tolerance),
      }),
      dedupe: optionalValue(dto.dedupe),
      input: optionalValue(dto.input),
    });
  }
  if (dto instanceof CronTriggerDto) {
    return withoutUndefined({
      type: 'cron' as const,
      cron: typeof dto.cron === 'string' ? dto.cron.trim() : '',
      timezone: typeof dto.timezone === 'string' ? dto.timezone : DEFAULT_TIMEZONE,
      enabled: dto.enabled !== false,
      catchUp: dto.catchUp === true,
      input: optionalValue(dto.input),
    });
  }
  if (dto instanceof ManualTriggerDto) return { type: 'manual' };
  if (dto instanceof EventTriggerDto) return { type: 'event', event: String(dto.event) };
  if (dto instanceof QueueTriggerDto) return { type: 'queue', queue: String(dto.queue) };
  if (dto instanceof DatabaseTriggerDto) {
    // insert, update, delete in that order, each once: the DDL lists them so
    const events = DATABASE_EVENTS.filter((event) => Array.isArray(dto.events) && dto.events.includes(event));
    return withoutUndefined({
      type: 'database' as const,
      connection: typeof dto.connection === 'string' ? dto.connection : undefined,
      table: String(dto.table),
      events,
      where: typeof dto.where === 'string' ? dto.where.trim() : undefined,
    });
  }
  return undefined;
}

/** `/hooks/orders`: one leading slash, no trailing one, as ingress matches it. */
export function webhookPath(written: unknown): string {
  const trimmed = typeof written === 'string' ? written.trim().replace(/^\/+/, '').replace(/\/+$/, '') : '';
  return `/${trimmed}`;
}

/** A bare number is seconds here (the header timestamps are in seconds); `5m` works too. */
function toleranceSeconds(written: unknown): number {
  if (typeof written === 'number') return written;
  const ms = parseDuration(written);
  return ms === undefined ? DEFAULT_TOLERANCE_SECONDS : ms / 1000;
}
