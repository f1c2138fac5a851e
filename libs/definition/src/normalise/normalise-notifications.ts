/** Notification DTOs → model notifications, with defaults (all events, 5 retries, 5000 ms). */
import { EmailNotificationDto, NOTIFICATION_FORMATS, WebhookNotificationDto } from '../dto/notification.dto';
import {
  parseDuration,
  NOTIFICATION_EVENTS,
  type NotificationDefinition,
  type NotificationEvent,
} from '@baton/model';
import { integerOr, optionalValue, plainValue, stringOr, withoutUndefined } from './plain-value';

export const DEFAULT_NOTIFICATION_RETRIES = 5;
export const DEFAULT_NOTIFICATION_TIMEOUT_MS = 5000;

export function normaliseNotification(dto: unknown): NotificationDefinition | undefined {
  if (dto instanceof WebhookNotificationDto) {
    return withoutUndefined({
      type: 'webhook' as const,
      url: plainValue(dto.url),
      events: events(dto.events),
      secret: optionalValue(dto.secret),
      retries: Array.isArray(dto.retrySchedule)
        ? dto.retrySchedule.length
        : integerOr(dto.retries, DEFAULT_NOTIFICATION_RETRIES),
      retrySchedule: Array.isArray(dto.retrySchedule)
        ? dto.retrySchedule.map((delay) => parseDuration(delay) ?? 0)
        : undefined,
      timeoutMs: parseDuration(dto.timeout) ?? DEFAULT_NOTIFICATION_TIMEOUT_MS,
      format: stringOr(dto.format, NOTIFICATION_FORMATS, 'conductor'),
    });
  }
  if (dto instanceof EmailNotificationDto) {
    const to = Array.isArray(dto.to) ? dto.to : [dto.to];
    return withoutUndefined({
      type: 'email' as const,
      to: to.map(plainValue),
      from: optionalValue(dto.from),
      subject: optionalValue(dto.subject),
      events: events(dto.events),
    });
  }
  return undefined;
}

/** Without `events:`, a notification subscribes to every event. */
function events(written: unknown): NotificationEvent[] {
  if (!Array.isArray(written)) return [...NOTIFICATION_EVENTS];
  return written.filter((event): event is NotificationEvent =>
    (NOTIFICATION_EVENTS as readonly unknown[]).includes(event),
  );
}
