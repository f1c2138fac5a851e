import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { BatchConsumerLoop, CONSUMERS, natsLayout, type LayoutOptions } from '@baton/messaging';
import { closeOrm, RunProjector, WebhookLogs, type ReadModelOrm } from '@baton/persistence';
import { messageHandlingMetrics, type Metrics } from '@baton/telemetry';
import { gapRedeliveryDelay, projectRunMessages } from './run-events.handler';
import { writeWebhookLogMessages } from './webhook-logs.handler';

/** Run-log messages per transaction at most: half the `projector` consumer's 1000 in flight. */
const RUN_BATCH = 500;
/** Webhook log messages per statement at most (each holds up to 100 lines). */
const WEBHOOK_LOG_BATCH = 50;

/**
 * The projector's two consumers, each a batch loop: the run log into `runs`, `run_agents` and
 * `run_steps`, and ingress's webhook log lines into `webhook_logs`. Started once the application
 * is up, stopped (the batch in hand finished) before PostgreSQL is closed. Exports the read
 * models' lag: each consumer's backlog and the age of the last event applied.
 */
export class ProjectorLoops
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Projector');
  private readonly runs: BatchConsumerLoop;
  private readonly webhookLogs: BatchConsumerLoop;
  private lastAppliedAt: number | undefined;

  constructor(
    nc: NatsConnection,
    private readonly orm: ReadModelOrm,
    metrics: Metrics,
    layoutOptions: LayoutOptions = {},
  ) {
    const layout = natsLayout(layoutOptions);
    const projector = new RunProjector(orm);
    const lines = new WebhookLogs(orm);
    const batchSize = metrics.histogram(
      'baton_projector_batch_messages',
      'Messages per projector transaction',
      ['consumer'],
      [1, 5, 25, 100, 250, 500],
    );
    const messages = metrics.counter(
      'baton_projector_messages_total',
      'Messages the projector settled, by result',
      ['consumer', 'result'],
    );
    // Every consumer's `baton_messages_handled_total` and handling time, as the transport gives others.
    const handled = messageHandlingMetrics(metrics);
    this.runs = new BatchConsumerLoop(nc, {
      stream: layout.streams.runs,
      consumer: CONSUMERS.projector,
      maxBatch: RUN_BATCH,
      logger: this.logger,
      redeliveryDelay: gapRedeliveryDelay,
      onSettled: (disposition, seconds) => handled.observe(CONSUMERS.projector, disposition.kind, seconds),
      handle: async (batch) => {
        const { dispositions, report } = await projectRunMessages(projector, batch, this.logger);
        batchSize.observe({ consumer: CONSUMERS.projector }, batch.length);
        for (const { result } of report.outcomes) messages.inc({ consumer: CONSUMERS.projector, result });
        if (report.poison > 0)
          messages.inc({ consumer: CONSUMERS.projector, result: 'poison' }, report.poison);
        if (report.lastAppliedAt !== undefined) this.lastAppliedAt = Date.parse(report.lastAppliedAt);
        return dispositions;
      },
    });
    this.webhookLogs = new BatchConsumerLoop(nc, {
      stream: layout.streams.webhookLogs,
      consumer: CONSUMERS.webhookLogs,
      maxBatch: WEBHOOK_LOG_BATCH,
      logger: this.logger,
      onSettled: (disposition, seconds) => handled.observe(CONSUMERS.webhookLogs, disposition.kind, seconds),
      redeliveryDelay: gapRedeliveryDelay,
      handle: async (batch) => {
        const { dispositions, written } = await writeWebhookLogMessages(lines, batch, this.logger);
        batchSize.observe({ consumer: CONSUMERS.webhookLogs }, batch.length);
        for (const { kind } of dispositions)
          messages.inc({ consumer: CONSUMERS.webhookLogs, result: kind === 'term' ? 'poison' : 'applied' });
        this.logger.debug(`${written} webhook log lines written`);
        return dispositions;
      },
    });
    metrics.gauge(
      'baton_projector_last_event_age_seconds',
      'Age of the last run event this projector applied (its event time to now)',
      [],
      (gauge) => {
        if (this.lastAppliedAt !== undefined) gauge.set((Date.now() - this.lastAppliedAt) / 1000);
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runs.start();
    await this.webhookLogs.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.runs.stop(), this.webhookLogs.stop()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeOrm(this.orm);
  }
}
