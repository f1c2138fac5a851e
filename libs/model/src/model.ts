/**
 * The normalised ensemble model the loader produces and the engine, workers and services consume.
 *
 * It is plain JSON (it is stored in the `baton_ensembles` KV and read back by every replica) and
 * deep-frozen once loaded. Expressions stay as their source text (`Value`): each consumer compiles
 * them through @baton/expressions, whose compile cache makes that a one-time cost per process.
 */

/** Any JSON value; strings may contain `${…}` templates. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

export const OPERATIONS = [
  'code',
  'validate',
  'http',
  'data',
  'storage',
  'kv',
  'blob',
  'email',
  'sms',
  'think',
  'wait',
  'notify',
  'emit',
  'transform',
  'sleep',
  'run',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface SourceLocation {
  readonly file: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
}

export type IssueSeverity = 'error' | 'warning';

/** A problem found while loading: says what and where. */
export interface DefinitionIssue extends SourceLocation {
  readonly severity: IssueSeverity;
  /** Stable machine code, e.g. `unknown-key`, `unknown-operation`, `forward-reference`, `cycle`. */
  readonly code: string;
  /** Path of the offending node, e.g. `agents[2].config.url` or `trigger[0].auth`. */
  readonly path: string;
  readonly message: string;
}

export type Backoff = 'exponential' | 'linear' | 'fixed';

export interface RetryPolicy {
  /** Total attempts including the first; 1 means no retry. */
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly initialDelayMs: number;
  readonly maxDelayMs?: number;
  /** HTTP statuses worth retrying; absent = every failure is retried. */
  readonly retryOn?: readonly number[];
}

export interface LoopSpec {
  /** Template whose value is the array of items. */
  readonly items: Value;
  readonly concurrency: number; // default 10
}

export type StateSet =
  | { readonly form: 'map'; readonly values: { readonly [key: string]: Value } }
  | { readonly form: 'list'; readonly keys: readonly string[] };

export interface StateSpec {
  readonly use: readonly string[];
  readonly set?: StateSet;
}

export type OnError = 'fail' | 'continue';

export interface AgentDefinition {
  readonly name: string;
  readonly operation: Operation;
  readonly description?: string;
  readonly condition?: Value;
  readonly input?: Value;
  readonly config: { readonly [key: string]: Value };
  readonly loop?: LoopSpec;
  readonly retry: RetryPolicy; // default { maxAttempts: 1, backoff: 'exponential', initialDelayMs: 1000 }
  readonly timeoutMs?: number;
  readonly state?: StateSpec;
  readonly onError: OnError; // resolved by the default rule of dsl.md when not written
  /** Agents that must have finished (succeeded, failed or been skipped) before this one starts. */
  readonly dependsOn: readonly string[];
  /** Agents named by this agent's expressions (condition, input, config, loop, state.set). */
  readonly references: readonly string[];
  readonly location: SourceLocation;
}

export const STATE_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'any'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export type SignatureScheme = 'hmac-sha256' | 'stripe' | 'github' | 'standard-webhooks' | 'none';

export interface WebhookTrigger {
  readonly type: 'webhook';
  /** Normalised with a leading slash, e.g. `/hooks/orders` (served at POST /webhooks/hooks/orders). */
  readonly path: string;
  readonly auth: {
    readonly scheme: SignatureScheme;
    readonly secret?: Value;
    readonly header?: string;
    readonly toleranceSeconds: number; // default 300
  };
  readonly dedupe?: Value;
  readonly input?: Value;
}
export interface CronTrigger {
  readonly type: 'cron';
  readonly cron: string;
  readonly timezone: string; // default UTC
  readonly enabled: boolean;
  readonly catchUp: boolean;
  readonly input?: Value;
}
export interface ManualTrigger {
  readonly type: 'manual';
}
export interface EventTrigger {
  readonly type: 'event';
  readonly event: string;
}
export interface QueueTrigger {
  readonly type: 'queue';
  readonly queue: string;
}
/** One run per committed change of `table` (see database-trigger.ts for the rules of `table` and `where`). */
export interface DatabaseTrigger {
  readonly type: 'database';
  /** A `postgres` connection of the ensemble; absent: the data database (`DATA_DATABASE_URL`). */
  readonly connection?: string;
  /** `orders` or `schema.orders`, as written (quoted in the DDL, so case-sensitive). */
  readonly table: string;
  readonly events: readonly ('insert' | 'update' | 'delete')[];
  /** A SQL condition over `NEW` and `OLD` (the one absent is NULL); only matching changes start a run. */
  readonly where?: string;
}
export type Trigger =
  WebhookTrigger | CronTrigger | ManualTrigger | EventTrigger | QueueTrigger | DatabaseTrigger;

export type Connection =
  | {
      readonly type: 'http';
      readonly baseUrl?: Value;
      readonly auth?: { readonly type: 'bearer' | 'basic' | 'header'; readonly [key: string]: Value };
      readonly headers?: { readonly [key: string]: Value };
    }
  | { readonly type: 'postgres'; readonly url: Value }
  | { readonly type: 'smtp'; readonly url: Value }
  | { readonly type: string; readonly [key: string]: Value };

export type TemplateDefinition =
  | { readonly type: 'http-request'; readonly request: { readonly [key: string]: Value } }
  | { readonly type: 'notification'; readonly channels: { readonly [key: string]: Value } };

export const NOTIFICATION_EVENTS = [
  'execution.started',
  'execution.completed',
  'execution.failed',
  'execution.timeout',
  'execution.cancelled',
  'agent.completed',
  'agent.failed',
  'state.updated',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** A notification's own `retrySchedule`: at most this many delays, each at most 7 days. */
export const MAX_RETRY_SCHEDULE_LENGTH = 20;
export const MAX_RETRY_SCHEDULE_DELAY_MS = 7 * 24 * 3600 * 1000;

export type NotificationDefinition =
  | {
      readonly type: 'webhook';
      readonly url: Value;
      readonly events: readonly NotificationEvent[];
      readonly secret?: Value;
      /** Retries after the first attempt: 0..5 (default 5) of the default schedule, or `retrySchedule`'s length. */
      readonly retries: number;
      /** Delays before each retry (ms) when the ensemble gives its own schedule; else 1 s, 5 s, 30 s, 2 min, 5 min. */
      readonly retrySchedule?: readonly number[];
      readonly timeoutMs: number; // default 5000
      readonly format: 'conductor' | 'standard-webhooks';
    }
  | {
      readonly type: 'email';
      readonly to: readonly Value[];
      readonly from?: Value;
      readonly subject?: Value;
      readonly events: readonly NotificationEvent[];
    };

export type ConcurrencyPolicy = 'queue' | 'cancel-running' | 'drain';

export interface EnsembleDefinition {
  readonly name: string;
  readonly description?: string;
  readonly version?: string;
  readonly execution: 'sequential' | 'graph';
  readonly timeoutMs: number; // default 1h
  readonly triggers: readonly Trigger[];
  readonly concurrency?: { readonly key: Value; readonly limit: number; readonly onNew: ConcurrencyPolicy };
  readonly inputSchema?: { readonly [key: string]: unknown };
  readonly stateSchema: { readonly [key: string]: StateType };
  readonly connections: { readonly [name: string]: Connection };
  readonly templates: { readonly [name: string]: TemplateDefinition };
  readonly notifications: readonly NotificationDefinition[];
  /** Every agent that runs, in plan order (a topological order of `dependsOn`; written order where free). */
  readonly agents: readonly AgentDefinition[];
  readonly output?: Value;
  /**
   * Files the definition references, carried with the revision so every replica runs exactly it:
   * path relative to the ensembles directory (e.g. `scripts/validate-order.ts`) → text.
   */
  readonly files: { readonly [path: string]: string };
  /** `${component.NAME@VERSION}` references resolved at load time: `NAME@VERSION` (or `NAME`) → parsed JSON. */
  readonly components: { readonly [ref: string]: unknown };
  /** The file it was loaded from, relative to the ensembles directory where there is one. */
  readonly source: string;
}
