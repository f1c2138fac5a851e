/**
 * The one error type this library throws across its ports. `code` is stable and machine-readable;
 * the message is for people. Ports return promises, so an expected failure (a conflicting append is
 * the engine's own AppendConflictError) or a misuse surfaces as a rejection carrying a code.
 */
export type MessagingErrorCode =
  /** The first connection to NATS failed (later outages are retried forever). */
  | 'nats-unreachable'
  /** JetStream did not acknowledge a publish: no stream takes the subject, no answer in time, or the connection closed. */
  | 'publish-failed'
  /** A value used inside a subject (run id, operation) would change the subject's meaning. */
  | 'invalid-subject-token'
  /** A task for an operation no worker consumes (it would sit in BATON_TASKS forever). */
  | 'no-worker-for-operation'
  /** A stored message does not hold the JSON this library wrote. */
  | 'corrupt-message'
  /** Provisioning could not create or reconcile a stream, bucket or consumer. */
  | 'provision-failed'
  /** A stream or durable consumer the layout needs is missing: `baton provision` (provision()) has not run against this server. */
  | 'not-provisioned'
  /** A handler pattern that names no durable consumer of the layout. */
  | 'unknown-consumer'
  /** A name prefix that NATS would refuse in stream, bucket or subject names. */
  | 'invalid-prefix'
  /** A partition count that is not a whole number from 1 to 1024. */
  | 'invalid-partitions'
  /** The stack was provisioned with another partition count than this service's BATON_PARTITIONS. */
  | 'partition-mismatch'
  /** BATON_INBOX still holds commands of the single-inbox layout: drain it with the previous version first. */
  | 'old-layout-pending'
  /** A timer the store refuses: no id, a due time that is not a time, or a target it cannot publish to. */
  | 'invalid-timer';

export class MessagingError extends Error {
  override readonly name = 'MessagingError';

  constructor(
    readonly code: MessagingErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
