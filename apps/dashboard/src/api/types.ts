/**
 * The JSON of Baton's HTTP API (interfaces.md) as the dashboard reads it. The dashboard is a client
 * of that contract like any other: it names only the fields it shows, and keeps whatever else a
 * newer server sends (event types it does not know are listed, never dropped).
 */
import type { EnsembleDefinition, Trigger } from '@baton/model';

export type RunStatus = 'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
export type AgentStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'completed',
  'failed',
  'timed_out',
  'cancelled',
];
export const TRIGGER_TYPES = [
  'webhook',
  'cron',
  'api',
  'manual',
  'event',
  'queue',
  'child',
  'rerun',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'timed_out', 'cancelled']);
export function hasEnded(status: string): boolean {
  return ENDED.has(status);
}

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly agent?: string;
}

/** An item of `GET /api/runs`. */
export interface RunListItem {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly status: RunStatus;
  readonly trigger: string;
  readonly parentRunId: string | null;
  readonly error: ErrorInfo | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly traceId: string | null;
}

export interface RunPage {
  readonly runs: RunListItem[];
  readonly nextCursor: string | null;
}

export interface AgentView {
  readonly status: AgentStatus;
  readonly output: unknown;
  readonly error: ErrorInfo | null;
  readonly attempts: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** `GET /api/runs/<id>`. */
export interface RunView {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly status: RunStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: ErrorInfo | null;
  readonly agents: Readonly<Record<string, AgentView>>;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly traceId: string | null;
}

/** One event of `GET /api/runs/<id>/events`: the envelope, and the payload as plain JSON. */
export interface RunEvent {
  readonly type: string;
  readonly seq: number;
  readonly at: string;
  readonly runId?: string;
  readonly causationId?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface EnsembleSummary {
  readonly name: string;
  readonly revision: number;
  readonly version: string | null;
  readonly description: string | null;
  readonly triggers: readonly Trigger[];
  readonly agents: ReadonlyArray<{ name: string; operation: string; dependsOn: readonly string[] }>;
}

/** `GET /api/ensembles/<name>` and `GET /api/ensembles/<name>/revisions/<revision>`. */
export interface EnsembleDetail extends EnsembleSummary {
  readonly revisions?: readonly number[];
  readonly definition: EnsembleDefinition;
}

export type WebhookDeliveryOutcome = 'accepted' | 'duplicate' | 'refused';
export const WEBHOOK_DELIVERY_OUTCOMES: readonly WebhookDeliveryOutcome[] = [
  'accepted',
  'duplicate',
  'refused',
];

/** An item of `GET /api/webhooks/deliveries`. */
export interface WebhookDelivery {
  readonly id: string;
  readonly receivedAt: string;
  readonly triggerPath: string;
  readonly ensemble: string | null;
  readonly deliveryId: string | null;
  readonly runId: string | null;
  readonly outcome: WebhookDeliveryOutcome;
  readonly statusCode: number;
  readonly errorCode: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * An item of `GET /api/runs/<id>/deliveries` (notification attempts, the notifier's log). That route
 * comes with the notifier; fields are read defensively and anything else it sends is kept.
 */
export interface NotificationDelivery {
  readonly id: string;
  /** The same on every attempt of one delivery (and on a redelivery). */
  readonly deliveryId?: string;
  readonly event?: string;
  /** Where it went: a URL without credentials, or an email's recipients. */
  readonly target?: string;
  /** Older servers' name for `target`. */
  readonly url?: string;
  readonly channel?: string;
  readonly attempt?: number;
  readonly status?: string;
  readonly responseCode?: number | null;
  readonly error?: string | null;
  readonly createdAt?: string;
  readonly deliveredAt?: string | null;
  readonly nextAttemptAt?: string | null;
  readonly [field: string]: unknown;
}
