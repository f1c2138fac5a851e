/** What the notifier needs of the rest of Baton; the app wires JetStream and PostgreSQL adapters in. */
import type { SmtpTransports } from '@baton/connectors';
import type { DefinitionStore, EnvironmentSnapshot, EventLog } from '@baton/engine';
import type { Outbound } from '@baton/outbound';
import type { DeliveryAttempt } from '@baton/persistence';
import type { DeliveryJob } from './delivery-job';

export interface DeliveryQueue {
  /** Queues an attempt now (BATON_DELIVERIES); idempotent per (deliveryId, attempt). */
  enqueue(job: DeliveryJob): Promise<void>;
}

export interface RetryTimers {
  /** Queues the attempt at `dueAt` (ms since the epoch) through a durable timer. */
  schedule(job: DeliveryJob, dueAt: number): Promise<void>;
}

export interface DeliveryRecorder {
  record(attempt: DeliveryAttempt): Promise<void>;
  hasOutcome(deliveryId: string, attempt: number): Promise<boolean>;
}

export interface NotifierLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface NotifierDeps {
  readonly runs: Pick<EventLog, 'read'>;
  readonly definitions: Pick<DefinitionStore, 'get'>;
  readonly queue: DeliveryQueue;
  readonly retries: RetryTimers;
  readonly log: DeliveryRecorder;
  readonly outbound: Outbound;
  readonly smtp?: SmtpTransports;
  /** The notifier's own environment, snapshotted at start: where `${env.X}` in notifications is read. */
  readonly env: EnvironmentSnapshot;
  /** Multiplies every retry delay (1 in production); tests shrink the schedule to seconds. */
  readonly timeScale: number;
  readonly now: () => number;
  readonly logger: NotifierLogger;
}
