/**
 * The message an `email` agent (or a notify's email channel) sends: its config over what its
 * template gives. Recipients may be a string or a list; at least one `to`, a `from`, a `subject` and
 * an `html` or `text` body are required. The Message-ID is derived from the task's idempotency key,
 * so a retried attempt sends the same message id and receivers can drop the duplicate.
 */
import { createHash } from 'node:crypto';
import { optionalString, stringList, type Fields } from '../config-fields';
import { fillText } from '../http/request-template';
import type { OperationRequest } from '../operation';
import { invalidConfig } from '../outcome';
import { renderEmailTemplate, type EmailTemplateFields } from './email-template';

export interface EmailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  readonly messageId: string;
}

/** `fields` is the agent's config (or a notify's email channel); `defaults` a connection's (its `from`). */
export async function emailMessage(
  request: OperationRequest,
  fields: Fields,
  defaults: Fields = {},
): Promise<EmailMessage> {
  const templateName = optionalString(fields.template, 'template');
  const template: EmailTemplateFields =
    templateName === undefined ? {} : await renderEmailTemplate(request, templateName, fields.data);
  // with a template, the config's own subject and text take the same data (as text, unescaped)
  const own = (key: keyof EmailTemplateFields): unknown =>
    templateName !== undefined && typeof fields[key] === 'string' && (key === 'subject' || key === 'text')
      ? fillText(fields[key], fields.data, { html: false })
      : fields[key];
  const pick = (key: keyof EmailTemplateFields): unknown => own(key) ?? template[key];
  const from = optionalString(pick('from') ?? defaults.from, 'from');
  if (from === undefined || from === '') invalidConfig('email needs from (or a connection with a from)');
  const to = stringList(pick('to'), 'to');
  if (to.length === 0) invalidConfig('email needs at least one recipient in to');
  const subject = optionalString(pick('subject'), 'subject') ?? '';
  const html = optionalString(pick('html'), 'html');
  const text = optionalString(pick('text'), 'text');
  if (html === undefined && text === undefined) invalidConfig('email needs html, text or a template');
  const replyTo = optionalString(pick('replyTo') ?? fields.reply_to, 'replyTo');
  return {
    from,
    to,
    cc: stringList(pick('cc'), 'cc'),
    bcc: stringList(pick('bcc'), 'bcc'),
    ...(replyTo === undefined ? {} : { replyTo }),
    subject,
    ...(html === undefined ? {} : { html }),
    ...(text === undefined ? {} : { text }),
    messageId: stableMessageId(request.task.idempotencyKey, from),
  };
}

/** Every address the provider was asked to deliver to. */
export function recipientsOf(message: EmailMessage): string[] {
  return [...message.to, ...message.cc, ...message.bcc];
}

function stableMessageId(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'baton.local';
  const id = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${id}@${domain}>`;
}
