import { deliveryMessage, type NatsLayout, type TimerStore } from '@baton/messaging';
import type { DeliveryJob, RetryTimers } from '@baton/notifications';

/**
 * The retry schedule in the durable timer store: a timer per (delivery, attempt) whose target is
 * the attempt's job on BATON_DELIVERIES, fired by the scheduler, so the schedule survives any
 * notifier restart.
 */
export class StoreRetryTimers implements RetryTimers {
  constructor(
    private readonly store: TimerStore,
    private readonly layout: NatsLayout,
  ) {}

  async schedule(job: DeliveryJob, dueAt: number): Promise<void> {
    await this.store.schedule({
      id: `notify:${job.deliveryId}:${job.attempt}`,
      dueAt,
      target: deliveryMessage(this.layout, job),
      ...(job.traceparent === undefined ? {} : { traceparent: job.traceparent }),
    });
  }
}
