/**
 * Ports the orchestrator's application service depends on. Adapters over JetStream live in
 * @baton/messaging; tests of the core use in-memory ones. Types only: no I/O here.
 */
import type { Inbox, Timers } from '@baton/intake';
import type { EnsembleDefinition } from '@baton/model';
import type { AdmissionCommand, AdmissionDecision } from './concurrency';
import type { Task } from './decision';
import type { RunEvent } from './events';
import type { RecordedDecision } from './log/run-log-codec';

export interface StoredEvents {
  /** The run's decisions in log order: whether a command is applied is whether its decision is here. */
  readonly decisions: readonly RecordedDecision[];
  /** Every event of those decisions, in order (current versions: the decoder upcast older ones). */
  readonly events: readonly RunEvent[];
  /** Stream sequence of the last message on the run's subject (0 when none): the optimistic-concurrency token. */
  readonly lastSubjectSequence: number;
}

export class AppendConflictError extends Error {
  readonly code = 'append-conflict';
}

export interface EventLog {
  read(runId: string): Promise<StoredEvents>;
  /**
   * Appends one decision atomically, as one message (`encodeDecision`) with `Nats-Msg-Id` = its
   * command id and the expected last subject sequence. Throws AppendConflictError when another
   * writer appended first, or when the command id already names a different message. A decision
   * already stored byte for byte (a retry) is accepted. Returns the new token: the stored
   * message's sequence.
   */
  append(runId: string, decision: RecordedDecision, expectedLastSubjectSequence: number): Promise<number>;
}

export interface TaskQueue {
  /** Publishes to `baton.task.<operation>` with `Nats-Msg-Id` = taskId. */
  publish(task: Task): Promise<void>;
}

// The ports that deliver commands (now, or when due) are @baton/intake's: every sender shares them.
export type { Inbox, Timers };

export interface DefinitionStore {
  /** The latest revision of an ensemble, or undefined. */
  latest(name: string): Promise<{ definition: EnsembleDefinition; revision: number } | undefined>;
  /** A specific revision (runs keep the revision they started with). */
  get(name: string, revision: number): Promise<EnsembleDefinition | undefined>;
  /** Stores a new revision unless it is identical to the latest; returns the revision number. */
  put(definition: EnsembleDefinition): Promise<number>;
  list(): Promise<Array<{ name: string; revision: number; definition: EnsembleDefinition }>>;
}

/** Where `POST /api/waits/<key>` finds the run an open wait belongs to. */
export interface WaitRegistry {
  open(key: string, runId: string): Promise<void>;
  close(key: string): Promise<void>;
}

/**
 * The concurrency slots of ensembles with `concurrency`: applies `decideAdmission` to the stored
 * slot of one (ensemble, key value) atomically, whatever number of orchestrators share it.
 */
export interface ConcurrencySlots {
  decide(slot: string, command: AdmissionCommand): Promise<AdmissionDecision>;
}
