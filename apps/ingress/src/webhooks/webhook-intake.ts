/**
 * What a verified webhook delivery becomes: the run input, the delivery id and the dedupe key
 * (dsl.md "Triggers"). Pure apart from reading `env` for the trigger's secret expression.
 */
import { webhookDedupeKey } from '@baton/intake';
import type { WebhookTrigger } from '@baton/model';
import { evaluateValue, secretEnv, type Scope } from '@baton/expressions';
import { verifyWebhook, type RequestHeaders } from '@baton/signatures';
import { ApiError } from '../http/api-error';

/** Headers that carry credentials or signatures never reach the run input (it is stored in the event log). */
const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'proxy-authorization',
  'x-webhook-signature',
  'stripe-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'webhook-signature',
  'x-api-key',
];

export interface WebhookDelivery {
  readonly path: string;
  readonly rawBody: Buffer;
  readonly headers: RequestHeaders;
  readonly query: Record<string, unknown>;
  readonly receivedAt: Date;
}

export interface AcceptedDelivery {
  readonly input: unknown;
  readonly deliveryId?: string;
  readonly dedupeKey?: string;
}

function storableHeaders(
  headers: RequestHeaders,
  signatureHeader: string | undefined,
): Record<string, string> {
  const extra = signatureHeader?.toLowerCase();
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name === extra || CREDENTIAL_HEADERS.includes(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return kept;
}

/** The environment does not change while the process runs: snapshot it once per env object. */
const envScopes = new WeakMap<object, Scope['env']>();

function envScope(env: Record<string, string | undefined>): Scope['env'] {
  let scope = envScopes.get(env);
  if (scope === undefined) {
    scope = secretEnv(env);
    envScopes.set(env, scope);
  }
  return scope;
}

function triggerSecret(trigger: WebhookTrigger, env: Record<string, string | undefined>): string | undefined {
  if (trigger.auth.secret === undefined) return undefined;
  const value = evaluateValue(trigger.auth.secret, { env: envScope(env) });
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

export function acceptDelivery(
  trigger: WebhookTrigger,
  delivery: WebhookDelivery,
  parseBody: (raw: Buffer) => unknown,
  env: Record<string, string | undefined>,
): AcceptedDelivery {
  const { scheme } = trigger.auth;
  if (scheme !== 'none') {
    const secret = triggerSecret(trigger, env);
    if (!secret)
      throw ApiError.unauthorized(`the secret of webhook ${delivery.path} is not configured on this server`);
    const verification = verifyWebhook({
      scheme,
      secret,
      header: trigger.auth.header,
      toleranceSeconds: trigger.auth.toleranceSeconds,
      rawBody: delivery.rawBody,
      headers: delivery.headers,
      now: delivery.receivedAt.getTime(),
    });
    if (!verification.ok) throw new ApiError(401, verification.code, verification.message);
    return shape(trigger, delivery, parseBody(delivery.rawBody), verification.deliveryId);
  }
  return shape(trigger, delivery, parseBody(delivery.rawBody), undefined);
}

function shape(
  trigger: WebhookTrigger,
  delivery: WebhookDelivery,
  body: unknown,
  schemeDeliveryId: string | undefined,
) {
  const headers = storableHeaders(delivery.headers, trigger.auth.header);
  const request: Scope = { body, headers, query: delivery.query, path: delivery.path };
  const now = delivery.receivedAt.getTime();
  const evaluated =
    trigger.dedupe === undefined ? schemeDeliveryId : evaluateValue(trigger.dedupe, { request }, { now });
  const deliveryId =
    evaluated === undefined || evaluated === null || evaluated === '' ? undefined : String(evaluated);
  const mapped =
    trigger.input === undefined
      ? { body, headers, query: delivery.query }
      : evaluateValue(trigger.input, { request }, { now });
  const webhook = {
    id: deliveryId ?? null,
    receivedAt: delivery.receivedAt.toISOString(),
    path: delivery.path,
    scheme: trigger.auth.scheme,
  };
  const input =
    mapped !== null && typeof mapped === 'object' && !Array.isArray(mapped) ? { ...mapped, webhook } : mapped;
  return {
    input,
    deliveryId,
    dedupeKey: deliveryId === undefined ? undefined : webhookDedupeKey(delivery.path, deliveryId),
  };
}
