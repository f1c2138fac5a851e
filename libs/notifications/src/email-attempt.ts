/**
 * One attempt of an email notification: `to`, `from` and `subject` evaluated in the notification's
 * scope (the subject defaults to `[${event}] ${ensemble.name}`), the text and HTML parts of
 * email-content.ts, sent with the provider the notifier's environment configures (SMTP_URL,
 * RESEND_API_KEY or SENDGRID_API_KEY, as the `email` operation). The Message-ID derives from the
 * delivery id, so every attempt sends the same message.
 */
import { ExpressionError, evaluateValue, type Scope, type SecretSet } from '@baton/expressions';
import {
  OperationFailure,
  sendEmailMessage,
  type EmailMessage,
  type SmtpTransports,
  type TaskOutcome,
} from '@baton/connectors';
import type { EnvironmentSnapshot } from '@baton/engine';
import type { NotificationDefinition } from '@baton/model';
import type { Outbound } from '@baton/outbound';
import { delivered, notDelivered, type AttemptOutcome } from './attempt-outcome';
import { DEFAULT_EMAIL_FROM, DEFAULT_EMAIL_SUBJECT, emailHtml, emailText } from './email-content';
import type { NotificationPayload } from './notification-payload';

export interface EmailAttemptInput {
  readonly notification: Extract<NotificationDefinition, { type: 'email' }>;
  readonly payload: NotificationPayload;
  readonly deliveryId: string;
  readonly scope: Scope;
  readonly secrets: SecretSet;
  readonly env: EnvironmentSnapshot;
  readonly outbound: Outbound;
  readonly smtp?: SmtpTransports;
  readonly now: number;
}

/** How long one email attempt may take (an SMTP dialogue or a provider's API call). */
const EMAIL_ATTEMPT_TIMEOUT_MS = 30_000;

/** The provider credentials an email attempt uses: never in an error it records. */
const PROVIDER_SECRETS = ['SMTP_URL', 'RESEND_API_KEY', 'SENDGRID_API_KEY'] as const;

export async function attemptEmail(input: EmailAttemptInput): Promise<AttemptOutcome> {
  const { notification, secrets } = input;
  recordProviderSecrets(input.env, secrets);
  const evaluate = (value: unknown) => evaluateValue(value, input.scope, { secrets, now: input.now });
  let to: string[];
  let from: string;
  let subject: string;
  try {
    to = notification.to.flatMap((entry) => addresses(evaluate(entry)));
    from = notification.from === undefined ? DEFAULT_EMAIL_FROM : String(evaluate(notification.from) ?? '');
    // A subject is part of the notification's body: a secret read into it is shown as [redacted].
    subject = secrets.redact(String(evaluate(notification.subject ?? DEFAULT_EMAIL_SUBJECT) ?? ''));
  } catch (error) {
    if (error instanceof ExpressionError)
      return notDelivered('(not evaluated)', secrets.redact(error.message), { retryable: false });
    throw error;
  }
  const target = secrets.redact(to.join(', '));
  if (to.length === 0)
    return notDelivered(target, 'the notification has no recipient in to', { retryable: false });
  if (from === '') return notDelivered(target, 'the notification has an empty from', { retryable: false });
  const message: EmailMessage = {
    from,
    to,
    cc: [],
    bcc: [],
    subject,
    text: emailText(input.payload),
    html: emailHtml(input.payload, subject),
    messageId: `<${input.deliveryId}@baton.local>`,
  };
  let outcome: TaskOutcome;
  try {
    outcome = await sendEmailMessage(
      {
        deps: { outbound: input.outbound, ...(input.smtp === undefined ? {} : { smtp: input.smtp }) },
        task: { idempotencyKey: input.deliveryId },
        signal: AbortSignal.timeout(EMAIL_ATTEMPT_TIMEOUT_MS),
      },
      input.env,
      message,
    );
  } catch (error) {
    if (error instanceof OperationFailure) outcome = error.outcome;
    else throw error;
  }
  if (outcome.ok) return delivered(target);
  const code = outcome.error.status;
  return notDelivered(target, secrets.redact(outcome.error.message), {
    retryable: outcome.retryable === true,
    ...(code === undefined ? {} : { responseCode: code }),
  });
}

function addresses(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.flatMap(addresses);
  return String(value)
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

function recordProviderSecrets(env: EnvironmentSnapshot, secrets: SecretSet): void {
  for (const name of PROVIDER_SECRETS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    secrets.record(value);
    if (name === 'SMTP_URL') {
      try {
        const password = decodeURIComponent(new URL(value).password);
        if (password !== '') secrets.record(password);
      } catch {
        // Not a URL: the whole value is recorded already.
      }
    }
  }
}
