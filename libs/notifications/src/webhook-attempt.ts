/**
 * One attempt of a webhook notification: the payload as JSON, signed, through the outbound guard,
 * with the attempt's time-out. dsl.md's headers (`format: conductor`): `X-Conductor-Event`,
 * `-Delivery-Id` (the same on every attempt), `-Delivery-Attempt` (1, 2, …), `-Timestamp` (unix
 * seconds) and, with a secret, `X-Conductor-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`;
 * `format: standard-webhooks`: `webhook-id` (the delivery id), `webhook-timestamp` and, with a
 * secret, `webhook-signature` instead.
 */
import { ExpressionError, evaluateValue, type Scope, type SecretSet } from '@baton/expressions';
import type { NotificationDefinition } from '@baton/model';
import { outboundRefusal, type Outbound } from '@baton/outbound';
import { retryAfterMs } from '@baton/connectors';
import { NOTIFICATION_TIMESTAMP_HEADER, signNotification, WebhookSigningError } from '@baton/signatures';
import { delivered, notDelivered, type AttemptOutcome } from './attempt-outcome';
import type { NotificationPayload } from './notification-payload';
import { redactedTarget } from './redacted-target';
import { isRetryableStatus } from './retry-schedule';

export const DELIVERY_HEADERS = {
  event: 'X-Conductor-Event',
  deliveryId: 'X-Conductor-Delivery-Id',
  attempt: 'X-Conductor-Delivery-Attempt',
} as const;

export const NOTIFIER_USER_AGENT = 'Baton-Notifier/1';
/** Enough of a refusal's body to explain it in the delivery log. */
const ERROR_BODY_EXCERPT = 200;

export interface WebhookAttemptInput {
  readonly notification: Extract<NotificationDefinition, { type: 'webhook' }>;
  readonly payload: NotificationPayload;
  readonly deliveryId: string;
  readonly attempt: number;
  readonly scope: Scope;
  /** Records what `env` gave the notification's fields; every text of the outcome is redacted with it. */
  readonly secrets: SecretSet;
  readonly outbound: Outbound;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

export async function attemptWebhook(input: WebhookAttemptInput): Promise<AttemptOutcome> {
  const { notification, secrets } = input;
  let url: string;
  let headers: Record<string, string>;
  const body = JSON.stringify(input.payload);
  try {
    url = stringField(evaluateValue(notification.url, input.scope, { secrets, now: input.now }), 'url');
    const secret =
      notification.secret === undefined
        ? undefined
        : stringField(evaluateValue(notification.secret, input.scope, { secrets, now: input.now }), 'secret');
    headers = webhookHeaders(input, body, secret);
  } catch (error) {
    if (
      error instanceof ExpressionError ||
      error instanceof WebhookSigningError ||
      error instanceof FieldError
    ) {
      // Messages of these never quote a value; the target is unknown or unusable.
      return notDelivered('(not evaluated)', secrets.redact(error.message), { retryable: false });
    }
    throw error;
  }
  const target = redactedTarget(url, secrets);
  const signal = AbortSignal.timeout(notification.timeoutMs);
  try {
    const { href, authorization } = withoutUserInfo(url);
    const response = await input.outbound.fetch(href, {
      method: 'POST',
      headers: authorization === undefined ? headers : { ...headers, authorization },
      body,
      signal,
    });
    const text = await response.text();
    const status = response.status;
    if (status >= 200 && status <= 299) return delivered(target, status);
    const excerpt = text.length > ERROR_BODY_EXCERPT ? `${text.slice(0, ERROR_BODY_EXCERPT)}…` : text;
    const reason = `answered ${status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`;
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    const retryAfter = retryAfterMs(answerHeaders, input.now);
    return notDelivered(target, secrets.redact(reason), {
      retryable: isRetryableStatus(status),
      responseCode: status,
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    });
  } catch (error) {
    const refusal = outboundRefusal(error);
    if (refusal !== undefined)
      return notDelivered(target, secrets.redact(refusal.message), { retryable: false });
    if (signal.aborted) {
      return notDelivered(target, `timed out after ${notification.timeoutMs} ms`, { retryable: true });
    }
    return notDelivered(target, secrets.redact(`connection failed: ${networkReason(error)}`), {
      retryable: true,
    });
  }
}

function webhookHeaders(
  input: WebhookAttemptInput,
  body: string,
  secret: string | undefined,
): Record<string, string> {
  const timestamp = Math.floor(input.now / 1000);
  const common = { 'content-type': 'application/json', 'user-agent': NOTIFIER_USER_AGENT };
  if (input.notification.format === 'standard-webhooks') {
    const signed =
      secret === undefined
        ? { 'webhook-id': input.deliveryId, 'webhook-timestamp': String(timestamp) }
        : signNotification({
            secret,
            body,
            timestamp,
            format: 'standard-webhooks',
            deliveryId: input.deliveryId,
          });
    return { ...common, ...signed };
  }
  return {
    ...common,
    [DELIVERY_HEADERS.event]: input.payload.event,
    [DELIVERY_HEADERS.deliveryId]: input.deliveryId,
    [DELIVERY_HEADERS.attempt]: String(input.attempt),
    [NOTIFICATION_TIMESTAMP_HEADER]: String(timestamp),
    ...(secret === undefined ? {} : signNotification({ secret, body, timestamp })),
  };
}

/**
 * `https://user:pass@host/…` is sent as Basic authorization (fetch refuses URLs with user info),
 * as curl and most webhook senders do.
 */
function withoutUserInfo(url: string): { href: string; authorization?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { href: url };
  }
  if (parsed.username === '' && parsed.password === '') return { href: url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { href: parsed.toString(), authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

class FieldError extends Error {}

function stringField(value: unknown, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new FieldError(
    value === undefined || value === null || value === ''
      ? `the notification's ${field} is empty (is the variable it reads set in the notifier's environment?)`
      : `the notification's ${field} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
  );
}

/** undici reports `fetch failed` and keeps the reason (ECONNREFUSED, …) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const source = cause ?? error;
  const code = (source as { code?: unknown }).code;
  const message = source instanceof Error ? source.message : String(source);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}
