import { IsDefined } from 'class-validator';
import { IsMapping } from './constraints/mapping';
import { IsOneOf } from './constraints/one-of';
import { missing } from './constraints/rule';
import { byType } from './variants';
import { OpenKeys } from './constraints/open-keys';
import { Discriminator } from './constraints/schema-override';

export const TEMPLATE_TYPES = ['http-request', 'notification'] as const;

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

/** `type: notification`: messages per channel (`http`, `email`, `sms`). */
export class NotificationTemplateDto {
  @Discriminator('notification') type!: 'notification';
  @IsDefined(missing('channels')) @IsMapping() channels!: Record<string, unknown>;
}

export const TEMPLATE_DTOS = [HttpRequestTemplateDto, NotificationTemplateDto];

export const pickTemplate = byType(
  { 'http-request': HttpRequestTemplateDto, notification: NotificationTemplateDto },
  TemplateTypeDto,
);
