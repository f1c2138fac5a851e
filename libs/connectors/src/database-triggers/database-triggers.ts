/**
 * Database triggers: one run per committed change of a watched table, exactly once.
 *
 * Every scheduler replica follows the definitions (the DefinitionCache's KV watch); the one
 * holding the `database-triggers` lease (KV `baton_leases`) installs the triggers the latest
 * revisions ask for, drops those no ensemble wants (an ensemble deleted or changed), and consumes
 * the outboxes. Each change starts its run
 * through the RunStarter with the dedupe key `database:<ensemble>:<trigger index>:<change id>`,
 * and leaves the outbox in the transaction that took it, after the start is acknowledged: a crash
 * in between offers the change again, and the key names the same run, so it starts once. Two
 * holders for a moment (a lease handed over) take disjoint rows (`FOR UPDATE SKIP LOCKED`).
 */
import { evaluateValue, SecretSet } from '@baton/expressions';
import { databaseDedupeKey, type LatestDefinition, type RunStarter } from '@baton/intake';
import type { DatabaseTrigger, EnsembleDefinition, Value } from '@baton/model';
import type { PostgresPools } from '../data/postgres-pools';
import { defaultDataUrl } from '../data/data-target';
import { ChangeFeed } from './change-feed';
import { reconcileTriggers, type OutboxChange, type WantedTrigger } from './change-outbox';
import { triggerKey, triggerSpec } from './trigger-sql';

export interface DatabaseTriggersLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Who among the replicas does the work (a KvLease of @baton/messaging, key DATABASE_TRIGGERS_LEASE). */
export interface DatabaseTriggersLease {
  readonly held: boolean;
  onChange(listener: (held: boolean) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The definitions, as the process's DefinitionCache (@baton/messaging) gives them. */
export interface DatabaseTriggerDefinitions {
  /** Every ensemble now, then each change of its latest revision (a removal: `definition` undefined). */
  follow(
    listener: (name: string, revision: number, definition: EnsembleDefinition | undefined) => void,
  ): Promise<void>;
  latest(name: string): Promise<LatestDefinition | undefined>;
  revisions(name: string): Promise<number[]>;
  get(name: string, revision: number): Promise<EnsembleDefinition | undefined>;
}

export interface DatabaseTriggersOptions {
  readonly lease: DatabaseTriggersLease;
  readonly definitions: DatabaseTriggerDefinitions;
  readonly starter: Pick<RunStarter, 'start'>;
  readonly pools: PostgresPools;
  /** The process's environment snapshot: connection URLs are evaluated with it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: DatabaseTriggersLogger;
  readonly pollMs?: number;
}

export const DATABASE_TRIGGERS_LEASE = 'database-triggers';
const RETRY_MS = 5000;

interface Database {
  readonly url: string;
  /** The connection's name (or `the data database`): logs never show the URL. */
  readonly label: string;
}

interface Route {
  readonly ensemble: string;
  readonly index: number;
  readonly trigger: DatabaseTrigger;
}

export class DatabaseTriggers {
  private readonly names = new Set<string>();
  /** Every database a trigger was wanted in (latest or deleted revisions): checked for leftovers. */
  private readonly databases = new Map<string, Database>();
  private readonly lookedUpDeleted = new Set<string>();
  /** Why each trigger that could not be installed failed last, so a retry does not log it again. */
  private readonly failures = new Map<string, string>();
  private readonly feeds = new Map<string, ChangeFeed>();
  private routes = new Map<string, Route>();
  private reconciling: Promise<void> | undefined;
  private again = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DatabaseTriggersOptions) {}

  private get lease(): DatabaseTriggersLease {
    return this.options.lease;
  }

  async start(): Promise<void> {
    await this.options.definitions.follow((name) => {
      this.names.add(name);
      this.lookedUpDeleted.delete(name);
      this.schedule();
    });
    this.lease.onChange((held) => (held ? this.schedule() : void this.stopFeeds()));
    await this.lease.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.reconciling;
    await this.lease.stop();
    await this.stopFeeds();
  }

  /** Reconciles now, or once more after the one under way. */
  private schedule(): void {
    if (this.stopped || !this.lease.held) return;
    if (this.reconciling !== undefined) {
      this.again = true;
      return;
    }
    this.reconciling = this.reconcile()
      .catch((error: unknown) => {
        this.options.logger.warn(
          `Database triggers not reconciled, again in ${RETRY_MS} ms: ${messageOf(error)}`,
        );
        this.retryLater();
      })
      .finally(() => {
        this.reconciling = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.schedule(), RETRY_MS);
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map<string, WantedTrigger[]>();
    const routes = new Map<string, Route>();
    for (const name of [...this.names].sort()) {
      const latest = await this.options.definitions.latest(name);
      if (latest === undefined) {
        await this.rememberDeletedDatabases(name);
        continue;
      }
      latest.definition.triggers.forEach((trigger, index) => {
        if (trigger.type !== 'database') return;
        const database = this.databaseOf(latest.definition, trigger);
        if (database === undefined) return;
        this.databases.set(database.url, database);
        const key = triggerKey(name, index);
        const list = wanted.get(database.url) ?? [];
        list.push({ key, trigger, spec: triggerSpec(trigger) });
        wanted.set(database.url, list);
        routes.set(key, { ensemble: name, index, trigger });
      });
    }
    const consumed = new Map<string, string[]>();
    let failures = 0;
    for (const database of this.databases.values()) {
      const triggers = wanted.get(database.url) ?? [];
      const outcome = await reconcileTriggers(this.options.pools.pool(database.url), triggers);
      for (const key of outcome.installed)
        this.options.logger.info(`Database trigger ${key} installed in ${database.label}`);
      for (const key of outcome.dropped)
        this.options.logger.info(`Database trigger ${key} dropped from ${database.label}`);
      for (const [key, why] of outcome.failed) {
        // Tried again every few seconds: said once per reason, not at every attempt.
        if (this.failures.get(key) === why) continue;
        this.failures.set(key, why);
        this.options.logger.error(
          `Database trigger ${key} not installed in ${database.label} (trying again every ${RETRY_MS / 1000} s): ${why}`,
        );
      }
      for (const key of outcome.installed) this.failures.delete(key);
      failures += outcome.failed.size;
      const keys = triggers.map((entry) => entry.key).filter((key) => !outcome.failed.has(key));
      if (keys.length > 0) consumed.set(database.url, keys);
    }
    if (this.stopped || !this.lease.held) return;
    this.routes = routes;
    this.updateFeeds(consumed);
    // A table created later, a where fixed in the database: try the failed ones again.
    if (failures > 0) this.retryLater();
  }

  /** A deleted ensemble's triggers live where its last revision put them: look that up once. */
  private async rememberDeletedDatabases(name: string): Promise<void> {
    if (this.lookedUpDeleted.has(name)) return;
    const revisions = await this.options.definitions.revisions(name);
    const last = revisions.at(-1);
    const definition = last === undefined ? undefined : await this.options.definitions.get(name, last);
    for (const trigger of definition?.triggers ?? []) {
      if (trigger.type !== 'database') continue;
      const database = this.databaseOf(definition as EnsembleDefinition, trigger);
      if (database !== undefined) this.databases.set(database.url, database);
    }
    this.lookedUpDeleted.add(name);
  }

  /** The trigger's database: its `postgres` connection's URL evaluated with `env`, or the data database. */
  private databaseOf(definition: EnsembleDefinition, trigger: DatabaseTrigger): Database | undefined {
    if (trigger.connection === undefined) {
      return { url: defaultDataUrl(this.options.env), label: 'the data database' };
    }
    const label = `connection '${trigger.connection}' of ${definition.name}`;
    const connection = Object.hasOwn(definition.connections, trigger.connection)
      ? definition.connections[trigger.connection]
      : undefined;
    if (connection?.type !== 'postgres') {
      this.options.logger.error(
        `Database trigger of ${definition.name}: ${label} is not a postgres connection`,
      );
      return undefined;
    }
    let url: unknown;
    try {
      url = evaluateValue(
        (connection as { url: Value }).url,
        { env: this.options.env },
        { secrets: new SecretSet() },
      );
    } catch (error) {
      this.options.logger.error(`Database trigger of ${definition.name}: ${label}: ${messageOf(error)}`);
      return undefined;
    }
    if (typeof url !== 'string' || url === '') {
      this.options.logger.error(`Database trigger of ${definition.name}: ${label} has no url`);
      return undefined;
    }
    return { url, label };
  }

  private updateFeeds(consumed: ReadonlyMap<string, readonly string[]>): void {
    for (const [url, feed] of this.feeds) {
      if (consumed.has(url)) continue;
      this.feeds.delete(url);
      void feed.stop();
    }
    for (const [url, keys] of consumed) {
      let feed = this.feeds.get(url);
      if (feed === undefined) {
        const database = this.databases.get(url);
        feed = new ChangeFeed({
          url,
          pool: this.options.pools.pool(url),
          label: database?.label ?? 'a database',
          handle: (changes) => this.startRuns(changes),
          logger: this.options.logger,
          ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
        });
        this.feeds.set(url, feed);
        feed.setKeys(keys);
        feed.start();
      } else {
        feed.setKeys(keys);
      }
    }
  }

  private async stopFeeds(): Promise<void> {
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.all(feeds.map((feed) => feed.stop()));
  }

  /**
   * Starts one run per change; resolves once every start is durably queued (a failure rejects, and
   * the changes stay in the outbox). A change whose start is refused (its ensemble was deleted, its
   * input fails the ensemble's schema) would be refused again: it is logged and let go.
   */
  private async startRuns(changes: readonly OutboxChange[]): Promise<void> {
    await Promise.all(
      changes.map(async (change) => {
        const route = this.routes.get(change.triggerKey);
        if (route === undefined) return;
        const outcome = await this.options.starter.start({
          ensemble: route.ensemble,
          input: { op: change.op, table: change.table, row: change.row, old: change.old },
          trigger: {
            type: 'database',
            table: change.table,
            op: change.op,
            changeId: change.changeId,
            ...(route.trigger.connection === undefined ? {} : { connection: route.trigger.connection }),
          },
          dedupeKey: databaseDedupeKey(route.ensemble, route.index, change.changeId),
        });
        if (!outcome.ok) {
          this.options.logger.warn(
            `Change ${change.changeId} of ${change.table} started no run of ${route.ensemble}: ${outcome.refusal.message}`,
          );
        }
      }),
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
