import type { WebhookAccepted } from './api-types';

/** The answer to a delivery: ingress's status (202) with its body. */
export interface WebhookDelivery extends WebhookAccepted {
  readonly status: number;
}
import { signWebhook, type WebhookScheme } from './signing/sign-webhook';
import type { Transport } from './transport';

export interface SendWebhookOptions {
  /** The trigger's scheme (`auth.scheme`). */
  readonly scheme: WebhookScheme;
  /** The trigger's secret; not needed with `none`. */
  readonly secret?: string;
  /** The trigger's signature header, when it names one (`auth.header`). */
  readonly header?: string;
  /** Sent as they are, besides the signature (e.g. `x-event-source`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly deliveryId?: string;
  /** Default `application/json`. */
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** Webhook deliveries as a sender makes them: signed bytes to `POST /webhooks/<path>`, no API key. */
export class WebhooksApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Signs `body` (text or bytes sent as they are; any other value as its JSON) and POSTs it to
   * `/webhooks<path>`. Resolves with `{ status, runId, duplicate }` (`duplicate`: the delivery was
   * seen before, no new run); a refusal (401 bad signature, 404 no such path, 422 input) throws
   * BatonApiError.
   */
  async send(
    path: string,
    body: string | Uint8Array | object,
    options: SendWebhookOptions,
  ): Promise<WebhookDelivery> {
    const raw = typeof body === 'string' || isBytes(body) ? body : JSON.stringify(body);
    const signature = await signWebhook(options.scheme, options.secret ?? '', raw, {
      header: options.header,
      deliveryId: options.deliveryId,
    });
    const answer = await this.transport.request<WebhookAccepted>({
      method: 'POST',
      path: `/webhooks${webhookPath(path)}`,
      body: { raw, type: options.contentType ?? 'application/json' },
      headers: { ...options.headers, ...signature },
      apiKey: false,
      signal: options.signal,
    });
    return { status: answer.status, ...answer.body };
  }
}

/** `hooks/router` and `/hooks/router` both mean `/webhooks/hooks/router`; each segment is escaped. */
function webhookPath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

// By shape, not instanceof: a Buffer or Uint8Array may come from another realm (a test VM, an iframe).
function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && (value as Uint8Array).BYTES_PER_ELEMENT === 1;
}
