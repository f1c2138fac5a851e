/**
 * The shapes of Baton's HTTP API (interfaces.md "Ingress HTTP"), written out here rather than
 * imported so the published package depends on nothing; a spec checks them against the server's own
 * types (`@baton/engine`, `@baton/persistence`, `@baton/model`) so they cannot drift apart.
 */

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
export type AgentStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

/** Why an agent or a run failed: `http-error` with the HTTP `status`, `timeout`, `invalid-input`… */
export interface RunError {
  readonly code: string;
  readonly message: string;
  /** HTTP status of a failed http call, when there was one. */
  readonly status?: number;
  /** The agent whose failure failed the run. */
  readonly agent?: string;
}

export interface AgentView {
  readonly status: AgentStatus;
  readonly output: unknown;
  readonly error: RunError | null;
  readonly attempts: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Time its attempts waited for a worker, summed (ms); null when no worker reported a start. */
  readonly queuedMs: number | null;
  /** Time workers ran its attempts, summed (ms); null when no worker reported a start. */
  readonly runningMs: number | null;
}

/** `GET /api/runs/<id>`. Times are ISO 8601 (UTC). */
export interface Run<Output = unknown, Input = unknown> {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly status: RunStatus;
  readonly input: Input;
  readonly output: Output | null;
  readonly error: RunError | null;
  readonly agents: Readonly<Record<string, AgentView>>;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The run's trace id when tracing is on. */
  readonly traceId: string | null;
}

/** One row of `GET /api/runs`. */
export interface RunListItem {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly status: RunStatus;
  /** How it started: `webhook`, `cron`, `manual`, `api`, `queue`, `event`, `child`, `rerun`. */
  readonly trigger: string;
  readonly parentRunId: string | null;
  readonly error: RunError | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly traceId: string | null;
}

/** `GET /api/runs`: newest first; `nextCursor` fetches the next (older) page, null on the last one. */
export interface RunPage {
  readonly runs: readonly RunListItem[];
  readonly nextCursor: string | null;
}

export interface RunFilter {
  readonly ensemble?: string;
  readonly status?: RunStatus;
  /** Runs per page (ingress's default: 50). */
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * One fact of a run's event log (`GET /api/runs/<id>/events`), in log order: `RunRequested`,
 * `AgentScheduled`, `AgentSucceeded`, `WaitStarted`, `RunCompleted`… `data` depends on `type`.
 */
export interface RunEvent<Data = Record<string, unknown>> {
  readonly type: string;
  readonly version: number;
  readonly runId: string;
  /** 1-based position in the run's log. */
  readonly seq: number;
  readonly at: string;
  readonly causationId: string;
  readonly traceparent?: string;
  readonly data: Data;
}

/** `POST /api/runs/<id>/cancel`. */
export interface CancelAccepted {
  readonly runId: string;
  readonly status: 'cancelling';
}

/** `POST /api/runs/<id>/rerun`: a new run of the same ensemble (latest revision) with the same input. */
export interface RerunStarted {
  readonly runId: string;
  readonly rerunOf: string;
}

/** `POST /api/waits/<key>`. */
export interface WaitResolved {
  readonly runId: string;
  readonly key: string;
  readonly resolved: true;
}

/** `POST /webhooks/<path>`: `duplicate` when the delivery was seen before (no new run). */
export interface WebhookAccepted {
  readonly runId: string;
  readonly duplicate: boolean;
}

/** A trigger as the definition declares it (`webhook`, `cron`, `manual`, `event`, `queue`). */
export interface TriggerView {
  readonly type: string;
  /** webhook: `/hooks/orders` (served at `POST /webhooks/hooks/orders`). */
  readonly path?: string;
  /** webhook: the scheme, the secret as written (`${env.X}`), the signature header if not the scheme's. */
  readonly auth?: { readonly scheme: string; readonly secret?: unknown; readonly header?: string };
  readonly cron?: string;
  readonly timezone?: string;
  /** cron: false while the trigger is switched off. */
  readonly enabled?: boolean;
  /** cron: the next fire time, ISO 8601 with the zone's offset; null when disabled or never. */
  readonly nextFireAt?: string | null;
  readonly event?: string;
  readonly queue?: string;
  readonly [key: string]: unknown;
}

/** An entry of `GET /api/ensembles`. */
export interface EnsembleSummary {
  readonly name: string;
  readonly revision: number;
  readonly version: string | null;
  readonly description: string | null;
  readonly triggers: readonly TriggerView[];
  readonly agents: readonly {
    readonly name: string;
    readonly operation: string;
    readonly dependsOn: readonly string[];
  }[];
}

/** `GET /api/ensembles/<name>`: the latest revision, every revision number, and the definition. */
export interface EnsembleDetail extends EnsembleSummary {
  readonly revisions: readonly number[];
  /** The loaded definition (the model every service runs). */
  readonly definition: Record<string, unknown>;
}

/** `POST /api/ensembles`: `created` is false when the text equals the latest revision. */
export interface EnsembleRegistered extends EnsembleSummary {
  readonly created: boolean;
}

/** One notification delivery attempt, as `GET /api/runs/<id>/deliveries` lists them. */
export interface DeliveryAttempt {
  readonly id: string;
  /** The same on every attempt of one delivery (`X-Conductor-Delivery-Id`). */
  readonly deliveryId: string;
  readonly runId: string;
  /** Index of the notification in the ensemble's `notifications`. */
  readonly notification: number;
  readonly event: string;
  readonly eventSeq: number;
  readonly channel: 'webhook' | 'email';
  /** Where it went, credentials removed. */
  readonly target: string;
  readonly attempt: number;
  readonly status: 'pending' | 'retrying' | 'delivered' | 'failed';
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
}

/** `POST /api/deliveries/<id>/redeliver`. */
export interface RedeliveryQueued {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly status: 'queued';
}
