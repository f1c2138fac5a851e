import { IsOptional } from 'class-validator';
import { Sensitive } from '../config-metadata';
import { IsUrlWithScheme } from '../config-validators';

export class MailConfig {
  /** Default mail transport, `smtp://user:pass@host:port`; unset: emails need their own connection. */
  @Sensitive()
  @IsOptional()
  @IsUrlWithScheme(['smtp', 'smtps'])
  SMTP_URL?: string;
}
