/**
 * Ports that deliver commands: now (the inbox) or at a due time (the timer store). Adapters over
 * JetStream live in @baton/messaging. Types only.
 */
import type { Command } from './commands';

export interface Inbox {
  /**
   * Publishes the command to its run's inbox subject (partition and lane from `inbox-routing.ts`)
   * with `Nats-Msg-Id` = its command id; resolves once JetStream acknowledged it.
   */
  send(command: Command): Promise<void>;
}

export interface Timer {
  /** Stable id derived from its cause, so scheduling the same timer twice is harmless. */
  readonly timerId: string;
  readonly runId: string;
  readonly dueAt: string; // ISO 8601
  /** Delivered to the run's inbox when due: a TimerFired, or a delayed StartRun (`storage` sends with `delay`). */
  readonly command: Command;
}

export interface Timers {
  /**
   * Durable: `timer.command` is delivered to its run's inbox at or after `dueAt` (never before), at
   * least once. Idempotent by timerId.
   */
  schedule(timer: Timer): Promise<void>;
  /** Removes pending timers: a cancelled timer never fires. An id with no pending timer is ignored. */
  cancel(timerIds: readonly string[]): Promise<void>;
}
