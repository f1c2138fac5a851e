/** What one attempt came to; every text in it is already redacted. */
export interface AttemptOutcome {
  readonly delivered: boolean;
  /** Where it went, without credentials (a URL) or the recipients (an email). */
  readonly target: string;
  /** The HTTP status, or the SMTP reply code of a refused email. */
  readonly responseCode?: number;
  readonly error?: string;
  /** Worth another attempt: 5xx, 408, 429, connection errors and time-outs. */
  readonly retryable: boolean;
  /** The receiver's `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
}

export function delivered(target: string, responseCode?: number): AttemptOutcome {
  return {
    delivered: true,
    target,
    retryable: false,
    ...(responseCode === undefined ? {} : { responseCode }),
  };
}

export function notDelivered(
  target: string,
  error: string,
  details: { retryable: boolean; responseCode?: number; retryAfterMs?: number },
): AttemptOutcome {
  return {
    delivered: false,
    target,
    error,
    retryable: details.retryable,
    ...(details.responseCode === undefined ? {} : { responseCode: details.responseCode }),
    ...(details.retryAfterMs === undefined ? {} : { retryAfterMs: details.retryAfterMs }),
  };
}
