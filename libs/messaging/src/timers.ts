import type { Timer, Timers } from '@baton/engine';
import type { NatsConnection } from '@nats-io/nats-core';
import { inboxMessage } from './inbox';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { TimerStore } from './timer-store';

/**
 * The engine's `Timers` over the timer store: a timer's target is its command, sent to its run's
 * inbox exactly as `JetStreamInbox.send` sends it (the command id is the message id, so a timer
 * fired twice is one command). Cancelled timers are removed from the store and never fire.
 */
export class JetStreamTimers implements Timers {
  private readonly store: TimerStore;
  private readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.store = new TimerStore(nc, options);
    this.layout = natsLayout(options);
  }

  async schedule(timer: Timer): Promise<void> {
    await this.store.schedule({
      id: timer.timerId,
      dueAt: Date.parse(timer.dueAt),
      target: inboxMessage(this.layout, timer.command),
      ...(timer.command.traceparent ? { traceparent: timer.command.traceparent } : {}),
    });
  }

  async cancel(timerIds: readonly string[]): Promise<void> {
    await this.store.cancel(timerIds);
  }
}
