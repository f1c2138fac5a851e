import { Logger } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { cronDedupeKey, type StartOutcome, type StartRequest, type TriggerInfo } from '@baton/intake';
import {
  CRON_CATCH_UP_LIMIT,
  type CronSchedule,
  type CronTrigger,
  cronScheduleOf,
  type EnsembleDefinition,
  zonedIsoString,
} from '@baton/model';
import type { LoopLogger } from './consumer-loop';
import type { DefinitionCache } from './definition-cache';
import { encodeJson } from './json-payload';
import { KvLease } from './kv-lease';
import { type LayoutOptions, natsLayout } from './nats-layout';
import { WakeableSleep } from './wakeable-sleep';

/** What starts a cron instant's run: the intake's RunStarter. */
export interface CronRunStarter {
  start(request: StartRequest): Promise<StartOutcome>;
}

/** One instant of one trigger, as the run's `execution.trigger` tells it. */
export interface CronTriggerInfo extends TriggerInfo {
  readonly type: 'cron';
  /** The scheduled instant, ISO 8601 with the zone's offset. */
  readonly instant: string;
  readonly timezone: string;
  readonly cron: string;
  /** The trigger's position in the ensemble's `trigger` list. */
  readonly index: number;
}

/** How one instant went: a new run, the run an earlier firing already started, or refused. */
export type CronFireOutcome = 'started' | 'duplicate' | 'refused' | 'failed';

export interface CronSchedulerOptions extends LayoutOptions {
  /** This replica's name in the lease; default `<hostname>:<pid>:<random>`. */
  readonly owner?: string;
  /** How soon a standby takes over from a replica that died. Default 5 s. */
  readonly leaseTtlMs?: number;
  /**
   * Instants missed by at most this much are still fired, late, without `catchUp`: a standby
   * taking over from a replica that died, a scheduler restarted at once. Default 30 s.
   */
  readonly graceMs?: number;
  /** Most missed instants replayed per trigger with `catchUp: true`. Default CRON_CATCH_UP_LIMIT. */
  readonly catchUpLimit?: number;
  /** Wall clock, ms since the epoch. */
  readonly now?: () => number;
  /** The run input of an instant (the trigger's `input` evaluated); default the `input` as written, or `{}`. */
  readonly inputOf?: (trigger: CronTrigger, info: CronTriggerInfo) => unknown;
  /** Called for each instant handled: the metrics. */
  readonly onFired?: (ensemble: string, outcome: CronFireOutcome, latenessMs: number) => void;
  readonly logger?: LoopLogger & { log?(message: string): void };
}

/** Where the firing replica records how far it has fired every trigger (in the leases bucket). */
export const CRON_LEASE = 'cron';
export const CRON_PROGRESS_KEY = 'cron-progress';
const DEFAULT_GRACE_MS = 30_000;
/** Longest sleep: a lost lease or a disabled trigger is noticed within it. */
const MAX_SLEEP_MS = 1000;

interface ScheduledTrigger {
  readonly ensemble: string;
  readonly index: number;
  readonly revision: number;
  readonly trigger: CronTrigger;
  readonly schedule: CronSchedule | undefined;
  /** Every instant up to this moment (ms) is handled; undefined while this replica does not fire. */
  since: number | undefined;
}

interface Progress {
  /** Every enabled trigger's instants up to here (ms since the epoch) were started. */
  readonly upTo: number;
}

/**
 * Fires every registered ensemble's cron triggers. Every replica follows the definitions (the
 * process's DefinitionCache, so a registration, change, disable or removal is picked up live);
 * the one holding the `cron` lease fires. Each instant starts its run through the RunStarter with
 * the dedupe key `cron:<ensemble>:<index>:<instant>`, so however many replicas fire the same
 * instant (a lease handed over mid-tick, a replica that lost its lease without knowing), the run
 * id and message id are the same and one run starts.
 *
 * The firing replica records how far it got (`cron-progress` in the leases bucket) after every
 * round. A replica taking over fires from there: instants missed by up to `graceMs` are fired
 * late; older ones only for triggers with `catchUp: true` (at most `catchUpLimit`, the latest).
 */
export class CronScheduler {
  private readonly triggers = new Map<string, ScheduledTrigger>();
  /** The latest revision seen of every ensemble (removed ones too: a delete marker has one). */
  private readonly revisions = new Map<string, number>();
  private readonly lease: KvLease;
  private readonly bucket: string;
  private readonly now: () => number;
  private readonly graceMs: number;
  private readonly catchUpLimit: number;
  private readonly logger: LoopLogger & { log?(message: string): void };
  private kv: KV | undefined;
  private recorded: number | undefined;
  private acquiredAt: number | undefined;
  /** When the last round looked for due instants. */
  private roundAt: number | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly pause = new WakeableSleep();

  constructor(
    private readonly nc: NatsConnection,
    private readonly definitions: DefinitionCache,
    private readonly starter: CronRunStarter,
    private readonly options: CronSchedulerOptions = {},
  ) {
    this.bucket = natsLayout(options).buckets.leases;
    this.now = options.now ?? Date.now;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.catchUpLimit = options.catchUpLimit ?? CRON_CATCH_UP_LIMIT;
    this.logger = options.logger ?? new Logger(CronScheduler.name);
    this.lease = new KvLease(nc, {
      bucket: this.bucket,
      key: CRON_LEASE,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs }),
      logger: this.logger,
    });
    this.lease.onChange((held) => {
      if (!held) for (const scheduled of this.triggers.values()) scheduled.since = undefined;
      this.acquiredAt = undefined;
      this.logger.log?.(
        held ? 'This replica now fires cron triggers' : 'This replica no longer fires cron triggers',
      );
      this.pause.wake();
    });
  }

  /** Whether this replica is the one firing. */
  get firingReplica(): boolean {
    return this.lease.held;
  }

  /** The cron triggers followed, enabled or not. */
  get scheduled(): number {
    return this.triggers.size;
  }

  /** Rejects with MessagingError `not-provisioned` when the leases bucket is missing. */
  async start(): Promise<void> {
    await this.definitions.follow((name, revision, definition) => this.follow(name, revision, definition));
    await this.lease.start();
    this.kv = await new Kvm(this.nc).open(this.bucket);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
    await this.lease.stop();
  }

  /** Replaces an ensemble's cron triggers with those of its latest revision (none once removed). */
  private follow(ensemble: string, revision: number, definition: EnsembleDefinition | undefined): void {
    // An older revision delivered late (the first listing racing a change) changes nothing.
    if ((this.revisions.get(ensemble) ?? 0) > revision) return;
    this.revisions.set(ensemble, revision);
    const previous = new Map<number, ScheduledTrigger>();
    for (const [key, scheduled] of this.triggers) {
      if (scheduled.ensemble !== ensemble) continue;
      previous.set(scheduled.index, scheduled);
      this.triggers.delete(key);
    }
    const now = this.now();
    (definition?.triggers ?? []).forEach((trigger, index) => {
      if (trigger.type !== 'cron') return;
      const before = previous.get(index);
      const schedule = cronScheduleOf(trigger);
      if (schedule === undefined) {
        this.logger.warn(
          `Ensemble ${ensemble} trigger ${index}: cron '${trigger.cron}' cannot be read; it never fires`,
        );
      }
      // A new or re-enabled trigger fires from now on; a changed one goes on from where it was.
      const resumed = before !== undefined && before.trigger.enabled;
      const since = this.lease.held ? (resumed ? before.since : now) : undefined;
      this.triggers.set(triggerKey(ensemble, index), { ensemble, index, revision, trigger, schedule, since });
    });
    this.pause.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.lease.held) await this.fireDue();
      } catch (error) {
        this.logger.error(`Cron scheduler: ${describe(error)}`);
      }
      await this.sleep();
    }
  }

  /** Fires every instant due since each trigger's mark, then records how far every trigger got. */
  private async fireDue(): Promise<void> {
    if (this.acquiredAt === undefined) await this.resume();
    const now = this.now();
    this.roundAt = now;
    await Promise.all([...this.triggers.values()].map((scheduled) => this.fireTrigger(scheduled, now)));
    if (!this.lease.held) return;
    let upTo = now;
    for (const scheduled of this.triggers.values()) upTo = Math.min(upTo, scheduled.since ?? now);
    if (upTo !== this.recorded) {
      await this.kv?.put(CRON_PROGRESS_KEY, encodeJson({ upTo } satisfies Progress));
      this.recorded = upTo;
    }
  }

  /** Just took the lease: every trigger goes on from where the last firing replica got. */
  private async resume(): Promise<void> {
    const entry = await this.kv?.get(CRON_PROGRESS_KEY);
    const now = this.now();
    const stored = entry?.operation === 'PUT' ? readProgress(entry.json<unknown>()) : undefined;
    const upTo = stored?.upTo ?? now;
    if (now - upTo > this.graceMs) {
      this.logger.warn(
        `Cron triggers were last fired up to ${new Date(upTo).toISOString()}; instants missed since are replayed only for triggers with catchUp: true`,
      );
    }
    for (const scheduled of this.triggers.values()) scheduled.since = upTo;
    this.recorded = stored?.upTo;
    this.acquiredAt = now;
  }

  private async fireTrigger(scheduled: ScheduledTrigger, now: number): Promise<void> {
    const { trigger, schedule } = scheduled;
    const since = scheduled.since ?? now;
    if (!trigger.enabled || schedule === undefined || since >= now) {
      scheduled.since = Math.max(since, now);
      return;
    }
    const from = trigger.catchUp ? since : Math.max(since, now - this.graceMs);
    const limit = trigger.catchUp ? this.catchUpLimit : Number.MAX_SAFE_INTEGER;
    for (const instant of schedule.between(new Date(from), new Date(now), limit)) {
      // Lost the lease, or the trigger changed meanwhile: the next round (or replica) goes on.
      if (
        !this.lease.held ||
        this.triggers.get(triggerKey(scheduled.ensemble, scheduled.index)) !== scheduled
      )
        return;
      if (!(await this.fire(scheduled, instant, now))) return;
      scheduled.since = instant.getTime();
    }
    scheduled.since = now;
  }

  /** Starts one instant's run; false when it could not be sent (tried again next round). */
  private async fire(scheduled: ScheduledTrigger, instant: Date, now: number): Promise<boolean> {
    const { ensemble, index, trigger } = scheduled;
    const info: CronTriggerInfo = {
      type: 'cron',
      instant: zonedIsoString(instant, trigger.timezone),
      timezone: trigger.timezone,
      cron: trigger.cron,
      index,
    };
    const lateness = Math.max(0, now - instant.getTime());
    let outcome: StartOutcome;
    try {
      const input = this.options.inputOf ? this.options.inputOf(trigger, info) : (trigger.input ?? {});
      outcome = await this.starter.start({
        ensemble,
        input,
        trigger: info,
        dedupeKey: cronDedupeKey(ensemble, index, instant),
      });
    } catch (error) {
      this.options.onFired?.(ensemble, 'failed', lateness);
      this.logger.warn(
        `Cron ${ensemble}[${index}] at ${info.instant} could not start, retrying: ${describe(error)}`,
      );
      return false;
    }
    if (!outcome.ok) {
      // A refusal is permanent for this instant (unknown ensemble, input the schema refuses).
      this.options.onFired?.(ensemble, 'refused', lateness);
      this.logger.warn(
        `Cron ${ensemble}[${index}] at ${info.instant} started nothing: ${outcome.refusal.message}`,
      );
      return true;
    }
    this.options.onFired?.(ensemble, outcome.run.duplicate ? 'duplicate' : 'started', lateness);
    return true;
  }

  /**
   * Until the next instant of any enabled trigger after the last round, at most MAX_SLEEP_MS (an
   * instant that could not be started is tried again then, not in a tight loop).
   */
  private async sleep(): Promise<void> {
    if (this.stopping) return;
    const now = this.now();
    let next = now + MAX_SLEEP_MS;
    if (this.lease.held) {
      const after = new Date(this.roundAt ?? now);
      for (const { trigger, schedule } of this.triggers.values()) {
        if (!trigger.enabled || schedule === undefined) continue;
        const due = schedule.next(after);
        if (due !== undefined) next = Math.min(next, due.getTime());
      }
    }
    const delay = Math.max(0, next - now);
    await this.pause.sleep(delay);
  }
}

function triggerKey(ensemble: string, index: number): string {
  return `${ensemble}:${index}`;
}

function readProgress(value: unknown): Progress | undefined {
  const upTo = (value as { upTo?: unknown } | null)?.upTo;
  return typeof upTo === 'number' && Number.isFinite(upTo) ? { upTo } : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
