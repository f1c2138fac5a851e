import { Allow, IsBoolean, IsDefined, IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsCron } from './constraints/cron';
import { IsDuration } from './constraints/duration';
import { IsOneOf } from './constraints/one-of';
import { missing, must } from './constraints/rule';
import { LengthAtMost, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from './names';
import { IsTimeZone } from './constraints/time-zone';
import { byType, Nested } from './variants';
import { OpenKeys } from './constraints/open-keys';
import { Discriminator } from './constraints/schema-override';
import { DatabaseTable, DatabaseWhere, IsDatabaseEvents } from './constraints/database-trigger';

export const TRIGGER_TYPES = ['webhook', 'cron', 'manual', 'event', 'queue', 'database'] as const;
export const SIGNATURE_SCHEMES = ['hmac-sha256', 'stripe', 'github', 'standard-webhooks', 'none'] as const;

const triggerType = () => IsOneOf(TRIGGER_TYPES, { code: 'unknown-trigger-type', noun: 'trigger type' });

/** A trigger whose `type` is missing or unknown: only the type is checked (its keys depend on it). */
@OpenKeys()
export class TriggerTypeDto {
  @IsDefined(missing('type', ` (one of ${TRIGGER_TYPES.join(', ')})`)) @triggerType() type!: string;
}

/** `auth:` of a webhook trigger: how requests are signed. */
export class WebhookAuthDto {
  @IsDefined(missing('scheme', ` (one of ${SIGNATURE_SCHEMES.join(', ')})`))
  @IsOneOf(SIGNATURE_SCHEMES, { code: 'unknown-scheme', noun: 'signature scheme' })
  scheme!: string;
  // every scheme but `none` verifies a signature, which needs the shared secret
  @ValidateIf((auth: WebhookAuthDto) => auth.scheme !== 'none' || auth.secret !== undefined)
  @IsDefined(missing('secret', ': every scheme but none signs with a shared secret'))
  @IsString(must('a string'))
  secret?: string;
  @IsOptional() @IsString(must('a header name')) header?: string;
  /** Seconds when a bare number. */
  @IsOptional() @IsDuration() tolerance?: number | string;
}

export class WebhookTriggerDto {
  @Discriminator('webhook') type!: 'webhook';
  @IsDefined(missing('path'))
  @IsString(must('a URL path such as /hooks/orders'))
  @LengthAtMost(MAX_PATH_LENGTH, 'a webhook path')
  path!: string;
  @IsDefined({
    message:
      'a webhook trigger needs auth: { scheme, secret }, or auth: { scheme: none } to accept unsigned requests',
    context: { code: 'missing-auth' },
  })
  @Nested(() => WebhookAuthDto)
  auth!: WebhookAuthDto;
  @IsOptional() @Allow() dedupe?: unknown;
  @IsOptional() @Allow() input?: unknown;
}

export class CronTriggerDto {
  @Discriminator('cron') type!: 'cron';
  @IsDefined(missing('cron')) @IsCron() cron!: string;
  @IsOptional() @IsTimeZone() timezone?: string;
  @IsOptional() @IsBoolean(must('true or false')) enabled?: boolean;
  @IsOptional() @IsBoolean(must('true or false')) catchUp?: boolean;
  @IsOptional() @Allow() input?: unknown;
}

export class ManualTriggerDto {
  @Discriminator('manual') type!: 'manual';
}

export class EventTriggerDto {
  @Discriminator('event') type!: 'event';
  @IsDefined(missing('event'))
  @IsString(must('an event name or pattern such as order.*'))
  @LengthAtMost(MAX_NAME_LENGTH, 'an event name')
  event!: string;
}

export class QueueTriggerDto {
  @Discriminator('queue') type!: 'queue';
  @IsDefined(missing('queue'))
  @IsString(must('a queue name'))
  @LengthAtMost(MAX_NAME_LENGTH, 'a queue name')
  queue!: string;
}

export class DatabaseTriggerDto {
  @Discriminator('database') type!: 'database';
  @IsOptional()
  @IsString(must('the name of a postgres connection under connections'))
  @LengthAtMost(MAX_NAME_LENGTH, 'a connection name')
  connection?: string;
  @IsDefined(missing('table', ' (the table whose changes start runs, e.g. orders or shop.orders)'))
  @DatabaseTable()
  table!: string;
  @IsDefined(missing('events', ' (some of insert, update, delete)')) @IsDatabaseEvents() events!: string[];
  @IsOptional() @DatabaseWhere() where?: string;
}

export const TRIGGER_DTOS = [
  WebhookTriggerDto,
  CronTriggerDto,
  ManualTriggerDto,
  EventTriggerDto,
  QueueTriggerDto,
  DatabaseTriggerDto,
];

export const pickTrigger = byType(
  {
    webhook: WebhookTriggerDto,
    cron: CronTriggerDto,
    manual: ManualTriggerDto,
    event: EventTriggerDto,
    queue: QueueTriggerDto,
    database: DatabaseTriggerDto,
  },
  TriggerTypeDto,
);
