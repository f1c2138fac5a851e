import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { JetStreamDeliveryQueue } from '@baton/messaging';
import type { DeliveryJob } from '@baton/notifications';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '@baton/model';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { ReadModels } from '../infrastructure/read-models';
import { RunViews } from '../runs/run-views';

/** Delivery ids are UUIDs; anything else names no delivery (and could not be a subject token). */
const DELIVERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The notifier's delivery log (`notification_deliveries`) and redeliveries. */
@Controller('api')
@UseGuards(ApiKeyGuard)
export class DeliveriesController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly views: RunViews,
    private readonly queue: JetStreamDeliveryQueue,
  ) {}

  /** Every attempt of every notification of the run, oldest first; 404 when there is no such run. */
  @Get('runs/:id/deliveries')
  async forRun(@Param('id') id: string) {
    // A run id is one subject token: anything else names no run (and must not reach NATS).
    if (id === '' || /[.*>\s]/.test(id)) throw ApiError.notFound(`no run ${id}`);
    const deliveries = await this.readModels.notificationDeliveries().forRun(id).catch(unavailable);
    // No attempt yet: tell a run without notifications from no run at all.
    if (deliveries.length === 0) await this.views.events(id);
    return { deliveries };
  }

  /**
   * Sends a failed delivery once more: the same delivery id and body, the next attempt number, no
   * retries. 409 when it was delivered or is still being retried.
   */
  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  async redeliver(@Param('id') id: string) {
    const latest = DELIVERY_ID.test(id)
      ? await this.readModels.notificationDeliveries().latest(id).catch(unavailable)
      : undefined;
    if (latest === undefined) throw ApiError.notFound(`no notification delivery ${id}`);
    if (latest.status === 'delivered')
      throw ApiError.conflict(
        `delivery ${id} was delivered (attempt ${latest.attempt}); nothing to send again`,
      );
    if (latest.status !== 'failed')
      throw ApiError.conflict(
        `delivery ${id} is still being retried (attempt ${latest.attempt + 1}${latest.nextAttemptAt ? ` at ${latest.nextAttemptAt}` : ''}); redeliver it once it has failed`,
      );
    const job: DeliveryJob = {
      deliveryId: latest.deliveryId,
      runId: latest.runId,
      notification: latest.notification,
      event: eventOf(latest.event),
      eventSeq: latest.eventSeq,
      attempt: latest.attempt + 1,
      redelivery: true,
    };
    await this.queue.enqueue(job);
    return { deliveryId: job.deliveryId, attempt: job.attempt, status: 'queued' };
  }
}

function eventOf(name: string): NotificationEvent {
  if (!(NOTIFICATION_EVENTS as readonly string[]).includes(name))
    throw ApiError.conflict(`the delivery is about '${name}', which this Baton does not deliver`);
  return name as NotificationEvent;
}

function unavailable(error: Error): never {
  throw ApiError.unavailable(`the read models (PostgreSQL) are not reachable: ${error.message}`);
}
