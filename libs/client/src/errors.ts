/**
 * What a call can fail with, as classes a caller can tell apart with `instanceof` (or by `name`,
 * across bundles): the API answered with an error, the API could not be reached or did not answer
 * in time, or a webhook secret cannot sign. Nothing here ever holds a secret or the API key.
 */

/** The base of every error this library throws (except the caller's own abort reason). */
export class BatonError extends Error {
  override name = 'BatonError';
}

/** The API's `{ error: { code, message, details? } }` body, when it sent one. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * Ingress answered with a status outside 2xx. `code`, `message` and `details` come from its error
 * body (`not_found`, `invalid_input` with the schema errors in `details`…); an answer without one
 * (a proxy's page) gets `code` `http_<status>` and its text as message.
 */
export class BatonApiError extends BatonError {
  override name = 'BatonApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** `Retry-After` of a 503 or 429, in milliseconds, when ingress sent one. */
    readonly retryAfterMs: number | undefined,
    /** The whole body as it came, parsed when it is JSON. */
    readonly body: unknown,
  ) {
    super(message);
  }

  /** 503 (NATS unreachable, too many runs waiting) and 429: nothing was accepted, sending again is safe. */
  get retryable(): boolean {
    return this.status === 503 || this.status === 429;
  }
}

/**
 * No answer: nothing listens at the URL, the connection broke, or ingress did not answer within the
 * request's timeout (`reason: 'timeout'`). Whether a request that timed out was accepted is not
 * known: send it again only with an idempotency key.
 */
export class BatonNetworkError extends BatonError {
  override name = 'BatonNetworkError';

  constructor(
    readonly reason: 'unreachable' | 'timeout',
    /** The ingress base URL that was tried. */
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A webhook secret that cannot sign for its scheme (empty, or a standard-webhooks one that is not base64). */
export class BatonSigningError extends BatonError {
  override name = 'BatonSigningError';
}
