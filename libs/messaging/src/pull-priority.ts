/**
 * Consumers of one stream with a priority between them: the orchestrator takes commands (results,
 * timer firings, cancels) before new starts. A start consumer pulls only while every command
 * consumer of its process is idle: nothing undelivered on the server (as the last delivery said, or
 * a refresh, since another replica may take the last ones) and a free handler slot. Starts thus
 * never delay a command, and they flow at full speed whenever commands leave room.
 */
import type { ConsumerLoop } from './consumer-loop';

export interface PullGate {
  /** Resolves once pulling may go on (or `stopping()` says to give up). */
  whenOpen(stopping: () => boolean): Promise<void>;
}

export interface YieldOptions {
  /** How often a closed gate looks again. Default 50 ms. */
  readonly pollMs?: number;
  /** How often a closed gate asks the server about consumers it believes busy. Default 500 ms. */
  readonly refreshMs?: number;
}

export class YieldToConsumers implements PullGate {
  private readonly pollMs: number;
  private readonly refreshMs: number;

  private readonly preferred: () => readonly Pick<ConsumerLoop, 'idle' | 'refreshUndelivered'>[];

  /** `preferred`: the loops to yield to, or a function giving them as they are now (consumers come and go with partitions). */
  constructor(
    preferred:
      | readonly Pick<ConsumerLoop, 'idle' | 'refreshUndelivered'>[]
      | (() => readonly Pick<ConsumerLoop, 'idle' | 'refreshUndelivered'>[]),
    options: YieldOptions = {},
  ) {
    this.preferred = typeof preferred === 'function' ? preferred : () => preferred;
    this.pollMs = options.pollMs ?? 50;
    this.refreshMs = options.refreshMs ?? 500;
  }

  async whenOpen(stopping: () => boolean): Promise<void> {
    let sinceRefresh = 0;
    while (!stopping() && !this.preferred().every((loop) => loop.idle)) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      sinceRefresh += this.pollMs;
      if (sinceRefresh >= this.refreshMs) {
        sinceRefresh = 0;
        // A failed refresh keeps the last figure; the next round asks again.
        await Promise.allSettled(
          this.preferred()
            .filter((loop) => !loop.idle)
            .map((loop) => loop.refreshUndelivered()),
        );
      }
    }
  }
}
