import type { Timer, Timers } from '@baton/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';

/**
 * Durable timers: each Timer is a message on `baton.timer.<runId>` in the BATON_TIMERS work queue,
 * with the timer id as message id (scheduling it again within the duplicate window stores nothing).
 * The TimerPump delivers its command to the run's inbox when it is due.
 */
export class JetStreamTimers implements Timers {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;

  constructor(
    private readonly nc: NatsConnection,
    options: LayoutOptions = {},
  ) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  async schedule(timer: Timer): Promise<void> {
    await this.publisher.publishJson(this.layout.timerSubject(timer.runId), timer, {
      msgID: timer.timerId,
      traceparent: timer.command.traceparent,
    });
  }

  /**
   * Drops every timer of a run that has ended. Optional housekeeping: a stale timer that fires is
   * ignored by the orchestrator anyway, but until then it holds one of the scheduler's pending slots.
   * Resolves with how many were dropped.
   */
  async cancelRunTimers(runId: string): Promise<number> {
    const jsm = await jetstreamManager(this.nc, { checkAPI: false });
    const { purged } = await jsm.streams.purge(this.layout.streams.timers, {
      filter: this.layout.timerSubject(runId),
    });
    return purged;
  }
}
