import { Allow, IsDefined, IsOptional } from 'class-validator';
import { IsMapping } from './constraints/mapping';
import { IsOneOf } from './constraints/one-of';
import { missing } from './constraints/rule';
import { byType } from './variants';
import { OpenKeys } from './constraints/open-keys';
import { Discriminator } from './constraints/schema-override';

export const TEMPLATE_TYPES = ['http-request', 'http', 'notification'] as const;

const templateType = () => IsOneOf(TEMPLATE_TYPES, { code: 'invalid-value', noun: 'template type' });

/** A template whose `type` is missing or unknown. */
@OpenKeys()
export class TemplateTypeDto {
  @IsDefined(missing('type', ` (one of ${TEMPLATE_TYPES.join(', ')})`)) @templateType() type!: string;
}

/** `type: http-request`: a request (`method`, `path`, `headers`, `body`) with `{{name}}` placeholders. */
export class HttpRequestTemplateDto {
  @Discriminator('http-request') type!: 'http-request';
  @IsDefined(missing('request')) @IsMapping() request!: Record<string, unknown>;
}

/**
 * `type: http`: the flat spelling of an http-request template (`method`, `url` or `path`, `headers`,
 * `query`, `body` beside `type`); it loads as `{ type: http-request, request: { … } }`.
 */
export class FlatHttpTemplateDto {
  @Discriminator('http') type!: 'http';
  @IsOptional() @Allow() method?: unknown;
  @IsOptional() @Allow() url?: unknown;
  @IsOptional() @Allow() path?: unknown;
  @IsOptional() @IsMapping() headers?: Record<string, unknown>;
  @IsOptional() @IsMapping() query?: Record<string, unknown>;
  @IsOptional() @Allow() body?: unknown;
}

/** `type: notification`: messages per channel (`http`, `email`, `sms`). */
export class NotificationTemplateDto {
  @Discriminator('notification') type!: 'notification';
  @IsDefined(missing('channels')) @IsMapping() channels!: Record<string, unknown>;
}

export const TEMPLATE_DTOS = [HttpRequestTemplateDto, FlatHttpTemplateDto, NotificationTemplateDto];

export const pickTemplate = byType(
  {
    'http-request': HttpRequestTemplateDto,
    http: FlatHttpTemplateDto,
    notification: NotificationTemplateDto,
  },
  TemplateTypeDto,
);
