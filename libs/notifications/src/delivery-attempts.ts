/**
 * One attempt of one delivery (a job of BATON_DELIVERIES): rebuild what the delivery says from the
 * run's log, send it, and record the outcome. A failed attempt that may be retried schedules the
 * next one as a durable timer (the schedule survives a notifier restart) before the outcome is
 * recorded and the job acknowledged, so a crash anywhere repeats the attempt rather than lose it;
 * a repeat carries the same delivery id and attempt number.
 */
import { SecretSet } from '@baton/expressions';
import { evolve, initialRunState, type RunEvent, type RunState } from '@baton/engine';
import type { NotificationDefinition } from '@baton/model';
import type { AttemptOutcome } from './attempt-outcome';
import type { DeliveryJob } from './delivery-job';
import { attemptEmail } from './email-attempt';
import { notificationPayload } from './notification-payload';
import { notificationScope } from './notification-scope';
import type { NotifierDeps } from './ports';
import { nextRetryDelay, retryDelaysOf } from './retry-schedule';
import { attemptWebhook } from './webhook-attempt';

export type AttemptResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly kind: 'attempted';
      readonly outcome: AttemptOutcome;
      /** When the next attempt is due (ms since the epoch), if there is one. */
      readonly nextAttemptAt?: number;
    };

export class DeliveryAttempts {
  constructor(private readonly deps: NotifierDeps) {}

  async attempt(job: DeliveryJob): Promise<AttemptResult> {
    const { deps } = this;
    if (await deps.log.hasOutcome(job.deliveryId, job.attempt)) {
      return { kind: 'skipped', reason: 'this attempt is recorded already' };
    }
    const found = await this.eventOf(job);
    if (found === undefined) return this.skip(job, "the run event is no longer in the run's log");
    const { state, event } = found;
    const definition =
      state.ensemble === undefined || state.revision === undefined
        ? undefined
        : await deps.definitions.get(state.ensemble, state.revision);
    const notification = definition?.notifications[job.notification];
    if (definition === undefined || notification === undefined)
      return this.skip(job, `the revision has no notification #${job.notification}`);

    const payload = notificationPayload(state, event, job.event);
    const now = deps.now();
    const secrets = new SecretSet();
    const scope = notificationScope(definition, state.revision ?? 0, state, payload, deps.env);
    const outcome = await this.send(notification, { job, payload, scope, secrets, now });

    const delay =
      outcome.delivered || !outcome.retryable || job.redelivery === true
        ? undefined
        : nextRetryDelay({
            attempt: job.attempt,
            delays: retryDelaysOf(notification),
            ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
            timeScale: deps.timeScale,
          });
    const nextAttemptAt = delay === undefined ? undefined : deps.now() + delay;
    if (nextAttemptAt !== undefined) {
      const { redelivery: _manual, ...next } = job;
      await deps.retries.schedule({ ...next, attempt: job.attempt + 1 }, nextAttemptAt);
    }
    await deps.log.record({
      deliveryId: job.deliveryId,
      runId: job.runId,
      notificationIndex: job.notification,
      event: job.event,
      eventSeq: job.eventSeq,
      channel: notification.type,
      target: outcome.target,
      attempt: job.attempt,
      status: outcome.delivered ? 'delivered' : nextAttemptAt === undefined ? 'failed' : 'retrying',
      ...(outcome.responseCode === undefined ? {} : { responseCode: outcome.responseCode }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      at: new Date(now),
      ...(nextAttemptAt === undefined ? {} : { nextAttemptAt: new Date(nextAttemptAt) }),
    });
    deps.logger.info(
      {
        runId: job.runId,
        deliveryId: job.deliveryId,
        event: job.event,
        attempt: job.attempt,
        delivered: outcome.delivered,
        responseCode: outcome.responseCode,
        nextAttemptAt: nextAttemptAt === undefined ? undefined : new Date(nextAttemptAt).toISOString(),
      },
      outcome.delivered
        ? `notification delivered to ${outcome.target}`
        : `notification not delivered to ${outcome.target}: ${outcome.error ?? 'failed'}`,
    );
    return { kind: 'attempted', outcome, ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }) };
  }

  private send(
    notification: NotificationDefinition,
    context: {
      job: DeliveryJob;
      payload: ReturnType<typeof notificationPayload>;
      scope: ReturnType<typeof notificationScope>;
      secrets: SecretSet;
      now: number;
    },
  ): Promise<AttemptOutcome> {
    const { deps } = this;
    if (notification.type === 'webhook') {
      return attemptWebhook({
        notification,
        payload: context.payload,
        deliveryId: context.job.deliveryId,
        attempt: context.job.attempt,
        scope: context.scope,
        secrets: context.secrets,
        outbound: deps.outbound,
        now: context.now,
      });
    }
    return attemptEmail({
      notification,
      payload: context.payload,
      deliveryId: context.job.deliveryId,
      scope: context.scope,
      secrets: context.secrets,
      env: deps.env,
      outbound: deps.outbound,
      ...(deps.smtp === undefined ? {} : { smtp: deps.smtp }),
      now: context.now,
    });
  }

  /** The run's state right after the event the delivery is about, and that event. */
  private async eventOf(job: DeliveryJob): Promise<{ state: RunState; event: RunEvent } | undefined> {
    const { events } = await this.deps.runs.read(job.runId);
    let state = initialRunState();
    for (const event of events) {
      state = evolve(state, event);
      if (event.seq === job.eventSeq) return { state, event };
      if (event.seq > job.eventSeq) break;
    }
    return undefined;
  }

  private skip(job: DeliveryJob, reason: string): AttemptResult {
    this.deps.logger.warn(
      { runId: job.runId, deliveryId: job.deliveryId, attempt: job.attempt },
      `notification delivery skipped: ${reason}`,
    );
    return { kind: 'skipped', reason };
  }
}
