/** Why a stored message of a run's log could not be read. */
export type RunLogDecodeErrorCode =
  /** The bytes are not UTF-8 JSON. */
  | 'not-json'
  /** JSON, but neither a decision message `{ commandId, events }` nor an event of the first layout. */
  | 'not-a-run-message'
  /** An event without the envelope every event carries (type, version, runId, seq, at, causationId, data). */
  | 'invalid-event'
  /** An event type this build does not know (written by a newer Baton). */
  | 'unknown-event-type'
  /** A version of a known type newer than this build's (written by a newer Baton). */
  | 'newer-event-version'
  /** An older version with no upcaster: a bug of this build. */
  | 'missing-upcaster';

export class RunLogDecodeError extends Error {
  override readonly name = 'RunLogDecodeError';

  constructor(
    readonly code: RunLogDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
