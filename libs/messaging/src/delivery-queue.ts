import type { NatsConnection } from '@nats-io/nats-core';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { encodeJson } from './json-payload';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import type { TimerTarget } from './timer-store';

/** What every job of BATON_DELIVERIES carries at least: which delivery, which attempt. */
export interface DeliveryJobRef {
  /** The delivery's stable id (one subject token): the same on every attempt. */
  readonly deliveryId: string;
  /** 1-based; unique per delivery, so `<deliveryId>:<attempt>` names one job. */
  readonly attempt: number;
  readonly traceparent?: string;
}

/**
 * Where and how one attempt of a notification delivery is queued: `baton.delivery.<deliveryId>`
 * with `Nats-Msg-Id` `<deliveryId>:<attempt>`, so an attempt queued twice (a redelivered run event,
 * a timer fired again after a crash) is stored once. The one rule, also used for retries a timer
 * queues later.
 */
export function deliveryMessage(layout: NatsLayout, job: DeliveryJobRef): TimerTarget {
  return {
    subject: layout.deliverySubject(job.deliveryId),
    payload: encodeJson(job),
    msgId: `${job.deliveryId}:${job.attempt}`,
  };
}

/** Queues delivery attempts on BATON_DELIVERIES (the notifier's `notifier-deliveries` consumer). */
export class JetStreamDeliveryQueue {
  private readonly publisher: JetStreamPublisher;
  readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  /** Resolves once the stream acknowledged the job (a duplicate within the window counts). */
  async enqueue(job: DeliveryJobRef): Promise<void> {
    const { subject, payload, msgId } = deliveryMessage(this.layout, job);
    await this.publisher.publish(subject, payload, { msgID: msgId, traceparent: job.traceparent });
  }
}
