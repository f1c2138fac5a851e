import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, type JetStreamContext } from '@baton/messaging';
import { DeliveryAttempts, deliveryJobOf, RunNotifications } from '@baton/notifications';
import { NOTIFIER_LOGGER } from './notifier-tokens';
import type { Logger } from '@baton/telemetry';

/** While an attempt runs (up to its time-out, or an SMTP dialogue), JetStream is told it is alive. */
const WORKING_EVERY_MS = 10_000;

@Controller()
export class NotificationsHandler {
  constructor(
    @Inject(RunNotifications) private readonly notifications: RunNotifications,
    @Inject(DeliveryAttempts) private readonly attempts: DeliveryAttempts,
    @Inject(NOTIFIER_LOGGER) private readonly logger: Logger,
  ) {}

  /** BATON_RUNS: one decision → the first attempts of the deliveries it causes. */
  @EventPattern<string>(CONSUMERS.notifier)
  async onDecision(@Payload() message: unknown): Promise<void> {
    await this.notifications.onDecision(message);
  }

  /** BATON_DELIVERIES: one attempt. A job that is no job is logged and dropped, not retried. */
  @EventPattern<string>(CONSUMERS.notifierDeliveries)
  async onAttempt(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const job = deliveryJobOf(payload);
    if (job === undefined) {
      this.logger.error(
        { subject: context.getSubject(), seq: context.getMessage().seq },
        'Dropping a delivery job that is not one (fields missing or of the wrong type)',
      );
      return;
    }
    const heartbeat = setInterval(() => context.getMessage().working(), WORKING_EVERY_MS);
    try {
      await this.attempts.attempt(job);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
