import { IsOptional, ValidateBy } from 'class-validator';
import { Sensitive } from '../config-metadata';

export const MIN_APPROVAL_KEY_LENGTH = 32;

export class ApprovalLinksConfig {
  /**
   * The key approval links are signed with (workers) and checked with (ingress): the same on every
   * replica. Unset: one is generated once and kept in the `baton_keys` bucket. Set it in production
   * so that whoever can read that bucket cannot forge links; rotate by prepending a new key
   * (`new,old`): the first signs, all verify.
   */
  @Sensitive()
  @IsOptional()
  @ValidateBy({
    name: 'isApprovalKey',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.split(',').every((key) => key.trim().length >= MIN_APPROVAL_KEY_LENGTH),
      defaultMessage: () =>
        `$property must be keys of at least ${MIN_APPROVAL_KEY_LENGTH} characters each, separated by commas (e.g. the output of \`openssl rand -base64 32\`)`,
    },
  })
  BATON_APPROVAL_KEY?: string;
}
