import type { RequestHeaders, WebhookVerification } from '../webhook-verification';

/** What a scheme needs to verify one delivery; the secret is known to be non-empty. */
export interface SchemeVerifyInput {
  readonly secret: string;
  /** Lower-cased name of the header carrying the signature. */
  readonly signatureHeader: string;
  readonly toleranceSeconds: number;
  readonly rawBody: Buffer;
  readonly headers: RequestHeaders;
  readonly now: number;
}

export interface SchemeSignInput {
  readonly secret: string;
  readonly signatureHeader: string;
  readonly rawBody: Buffer;
  readonly now: number;
  /** Used by schemes whose deliveries carry an id header. */
  readonly deliveryId: string;
}

/** One way senders sign webhooks: both directions live together so they cannot drift apart. */
export interface SignatureScheme {
  readonly defaultHeader: string;
  verify(input: SchemeVerifyInput): WebhookVerification;
  /** Headers to send; throws WebhookSigningError when the secret cannot be used. */
  sign(input: SchemeSignInput): Record<string, string>;
}
