import { Allow, IsDefined, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DURATION_HINT,
  MAX_RETRY_SCHEDULE_DELAY_MS,
  MAX_RETRY_SCHEDULE_LENGTH,
  NOTIFICATION_EVENTS,
  parseDuration,
} from '@baton/model';
import { didYouMean } from '../suggestions';
import { IsDuration } from './constraints/duration';
import { IsOneOf } from './constraints/one-of';
import { OpenKeys } from './constraints/open-keys';
import { missing, must, PATH, Rule } from './constraints/rule';
import { IsStringList } from './constraints/string-list';
import { byType } from './variants';
import { Discriminator } from './constraints/schema-override';

export const NOTIFICATION_TYPES = ['webhook', 'email'] as const;
export const NOTIFICATION_FORMATS = ['conductor', 'standard-webhooks'] as const;

const notificationType = () =>
  IsOneOf(NOTIFICATION_TYPES, { code: 'invalid-value', noun: 'notification type' });

const events = () =>
  Rule({
    name: 'isEventList',
    code: 'unknown-event',
    test: (value) =>
      Array.isArray(value) &&
      value.every((event) => (NOTIFICATION_EVENTS as readonly unknown[]).includes(event)),
    message: (value) => {
      const unknown = Array.isArray(value)
        ? value.find((event) => !(NOTIFICATION_EVENTS as readonly unknown[]).includes(event))
        : undefined;
      return typeof unknown === 'string'
        ? `unknown notification event '${unknown}'${didYouMean(unknown, NOTIFICATION_EVENTS)}; expected some of ${NOTIFICATION_EVENTS.join(', ')}`
        : `${PATH} must be a list of events (${NOTIFICATION_EVENTS.join(', ')})`;
    },
    schema: { type: 'array', items: { type: 'string', enum: [...NOTIFICATION_EVENTS] } },
  });

const isScheduleDelay = (delay: unknown) => {
  const ms = parseDuration(delay);
  return ms !== undefined && ms <= MAX_RETRY_SCHEDULE_DELAY_MS;
};

/** `retrySchedule: [1s, 5s, 30s, 2m, 5m, 30m, 2h]`: the delay before each retry, in order. */
const retrySchedule = () =>
  Rule({
    name: 'isRetrySchedule',
    code: 'invalid-value',
    test: (value) =>
      Array.isArray(value) &&
      value.length >= 1 &&
      value.length <= MAX_RETRY_SCHEDULE_LENGTH &&
      value.every(isScheduleDelay),
    message: (value) => {
      if (!Array.isArray(value) || value.length === 0)
        return `${PATH} must be a list of delays before each retry, e.g. [1s, 5s, 30s, 2m, 5m, 30m, 2h]`;
      if (value.length > MAX_RETRY_SCHEDULE_LENGTH)
        return `${PATH} may hold at most ${MAX_RETRY_SCHEDULE_LENGTH} delays, not ${value.length}`;
      const index = value.findIndex((delay) => !isScheduleDelay(delay));
      return `${PATH}[${index}] must be ${DURATION_HINT} of at most 7d, not ${JSON.stringify(value[index])}`;
    },
    schema: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_RETRY_SCHEDULE_LENGTH,
      items: {
        anyOf: [
          { type: 'number', minimum: 0, maximum: MAX_RETRY_SCHEDULE_DELAY_MS },
          { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?\\s*$' },
        ],
      },
    },
  });

/** `retries` counts the default schedule's retries; a written schedule says its own number. */
const withoutRetries = () =>
  Rule({
    name: 'isRetryScheduleAlone',
    code: 'conflicting-keys',
    test: (_value, object) => (object as { retries?: unknown }).retries === undefined,
    message: () => `${PATH} and retries do not go together: a retry schedule retries once per delay it lists`,
    schema: {},
  });

/** A notification whose `type` is missing or unknown. */
@OpenKeys()
export class NotificationTypeDto {
  @IsDefined(missing('type', ` (one of ${NOTIFICATION_TYPES.join(', ')})`)) @notificationType() type!: string;
}

/** Signed webhook deliveries about the run's execution. */
export class WebhookNotificationDto {
  @Discriminator('webhook') type!: 'webhook';
  @IsDefined(missing('url')) @Allow() url!: unknown;
  @IsOptional() @events() events?: string[];
  @IsOptional() @Allow() secret?: unknown;
  @IsOptional()
  @IsInt(must('a whole number'))
  @Min(0, must('at least 0'))
  @Max(5, must('at most 5'))
  retries?: number;
  @IsOptional() @retrySchedule() @withoutRetries() retrySchedule?: unknown[];
  /** Milliseconds per attempt when a bare number. */
  @IsOptional() @IsDuration() timeout?: number | string;
  @IsOptional()
  @IsOneOf(NOTIFICATION_FORMATS, { code: 'invalid-value', noun: 'notification format' })
  format?: string;
}

/** Emails about the run's execution. */
export class EmailNotificationDto {
  @Discriminator('email') type!: 'email';
  @IsDefined(missing('to')) @IsStringList({ what: 'addresses', single: true }) to!: string | string[];
  @IsOptional() @Allow() from?: unknown;
  @IsOptional() @Allow() subject?: unknown;
  @IsOptional() @events() events?: string[];
}

export const NOTIFICATION_DTOS = [WebhookNotificationDto, EmailNotificationDto];

export const pickNotification = byType(
  { webhook: WebhookNotificationDto, email: EmailNotificationDto },
  NotificationTypeDto,
);
