/** The public contract of webhook verification: what a caller passes in and what it gets back. */

export const WEBHOOK_SCHEMES = ['hmac-sha256', 'stripe', 'github', 'standard-webhooks', 'none'] as const;
export type WebhookScheme = (typeof WEBHOOK_SCHEMES)[number];

/** Header values as Node's `IncomingMessage.headers` holds them: names lower-cased. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookInput {
  readonly scheme: WebhookScheme;
  readonly secret: string | undefined;
  /** Overrides the name of the header that carries the signature (any case). */
  readonly header?: string;
  /** Largest distance, either way, between a signed timestamp and `now`; default 300. */
  readonly toleranceSeconds?: number;
  readonly rawBody: Buffer;
  readonly headers: RequestHeaders;
  /** Milliseconds since the epoch: the caller's clock, so verification stays pure. */
  readonly now: number;
}

export type VerificationFailureCode =
  'missing-signature' | 'bad-signature' | 'stale-timestamp' | 'bad-secret';

export interface VerificationFailure {
  readonly ok: false;
  readonly code: VerificationFailureCode;
  /** Safe to log and to answer with: never holds the secret. */
  readonly message: string;
}

export interface VerificationSuccess {
  readonly ok: true;
  /** The sender's id for this delivery, when the scheme carries one (the default dedupe key). */
  readonly deliveryId?: string;
}

export type WebhookVerification = VerificationSuccess | VerificationFailure;

export function verificationFailure(code: VerificationFailureCode, message: string): VerificationFailure {
  return { ok: false, code, message };
}

export function verificationSuccess(deliveryId: string | undefined): VerificationSuccess {
  return deliveryId === undefined ? { ok: true } : { ok: true, deliveryId };
}
