/**
 * What the worker app injects into `executeTask`. Kept small so that this library never imports
 * NATS: starting runs and the key-value store are ports the app implements over JetStream.
 */
import type { EnvironmentSnapshot } from '@baton/engine';
import type { Outbound } from '@baton/outbound';
import type { BreakerRegistry } from './circuit-breakers';
import type { CodeSandboxes } from './code/sandbox/code-sandboxes';
import type { PostgresPools } from './data/postgres-pools';
import type { SmtpTransports } from './email/smtp-transports';
import type { BlobStore, KeyValueStore } from './stores';

export interface StartRunRequest {
  /** Start this ensemble… */
  readonly ensemble?: string;
  /** …or every ensemble with a `queue` trigger on this queue (`event:NAME` reaches `event` triggers)… */
  readonly queue?: string;
  /** …or every ensemble with an `event` trigger matching this event name (`emit`). */
  readonly event?: string;
  readonly input: unknown;
  /** Start durably after this many milliseconds. */
  readonly delayMs?: number;
}

/** Rejected by `startRun` when the target ensemble does not exist; any error with code `not-found` or `unknown-ensemble`, or status 404, is understood the same way. */
export class UnknownEnsembleError extends Error {
  readonly code = 'unknown-ensemble';
  constructor(readonly ensemble: string) {
    super(`ensemble '${ensemble}' does not exist`);
    this.name = 'UnknownEnsembleError';
  }
}

/** The signed, single-use links of a wait's notice (`approvalUrl`, `rejectionUrl`). */
export interface ApprovalLinks {
  readonly approvalUrl: string;
  readonly rejectionUrl: string;
}

/** Which wait a notice's links resolve: its run, its key, and its time-out when it has one. */
export interface ApprovalLinkRequest {
  readonly runId: string;
  readonly waitKey: string;
  /** ISO 8601; without it the links expire after the provider's default. */
  readonly expiresAt?: string;
}

/** Rejected by `startRun` when the input fails the target ensemble's `input.schema`; nothing was started. */
export class RunInputRejectedError extends Error {
  readonly code = 'invalid-input';
  constructor(message: string) {
    super(message);
    this.name = 'RunInputRejectedError';
  }
}

export interface ConnectorDeps {
  /**
   * The worker's own environment, snapshotted once at start (`snapshotEnvironment`): the only
   * place secrets are read from. Used as it is; never copied per task.
   */
  readonly env: EnvironmentSnapshot;
  /** Every outbound HTTP request (http and notify agents, provider APIs) goes through this guard. */
  readonly outbound: Outbound;
  /** The store of `kv` and `storage type: kv`; without it they fail as unsupported. */
  readonly kv?: KeyValueStore;
  /** The artifact store of `blob` and `storage type: object`; without it they fail as unsupported. */
  readonly blobs?: BlobStore;
  /** Pooled SMTP connections, one pool per URL; without it each email opens its own connection. */
  readonly smtp?: SmtpTransports;
  readonly pools: PostgresPools;
  readonly breakers: BreakerRegistry;
  /** Publishes StartRun commands (storage queue sends, emit); without it, they fail as unsupported. */
  readonly startRun?: (request: StartRunRequest) => Promise<{ runIds: string[] }>;
  /**
   * Where `code` steps run; without it, one set shared by the process (whose idle sandboxes never
   * keep it alive). A worker that passes its own should `close()` it on shutdown.
   */
  readonly codeSandboxes?: CodeSandboxes;
  /**
   * Signs the approval links of a wait's notice; without it `approvalUrl`/`rejectionUrl` are
   * undefined. The links are bearer credentials: they are redacted from the notice's outcome.
   */
  readonly approvalLinks?: (request: ApprovalLinkRequest) => ApprovalLinks;
  /** Milliseconds since the epoch, for `Date.now()` in expressions; defaults to the real clock. */
  readonly now?: () => number;
}

/** What a worker process creates once and shares between tasks, besides pools and breakers. */
export type ConnectorServices = Pick<ConnectorDeps, 'outbound' | 'kv' | 'blobs' | 'smtp' | 'approvalLinks'>;
