import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SmtpTransports } from '@baton/connectors';
import { DatabaseConfig, loadConfigs, MailConfig, NotifierConfig, OutboundConfig } from '@baton/config';
import { snapshotEnvironment } from '@baton/engine';
import {
  JetStreamDeliveryQueue,
  JetStreamEventLog,
  KvDefinitionStore,
  MessagingModule,
  TimerStore,
} from '@baton/messaging';
import { DeliveryAttempts, RunNotifications, type NotifierDeps } from '@baton/notifications';
import { outboundFromEnv, type Outbound } from '@baton/outbound';
import { closeOrm, NotificationDeliveryLog, openReadModels, type ReadModelOrm } from '@baton/persistence';
import type { ServiceContext } from '@baton/runtime';
import { NotificationsHandler } from './notifications.handler';
import { NOTIFIER_DEPS, NOTIFIER_LOGGER, NOTIFIER_ORM, NOTIFIER_OUTBOUND } from './notifier-tokens';
import { StoreRetryTimers } from './retry-timers';

/**
 * The notifier: execution notifications of every ensemble (webhooks with the retry schedule,
 * emails), each attempt recorded in `notification_deliveries`. Secrets that notifications read
 * (`${env.X}`) come from this process's environment, snapshotted once here.
 */
@Module({})
export class NotifierModule implements OnApplicationShutdown {
  constructor(
    @Inject(NOTIFIER_ORM) private readonly orm: ReadModelOrm,
    @Inject(SmtpTransports) private readonly smtp: SmtpTransports,
    @Inject(NOTIFIER_OUTBOUND) private readonly outbound: Outbound,
  ) {}

  static async forRoot({ nc, logger, checks, metrics }: ServiceContext): Promise<DynamicModule> {
    const config = loadConfigs({
      database: DatabaseConfig,
      mail: MailConfig,
      outbound: OutboundConfig,
      notifier: NotifierConfig,
    });
    const orm = await openReadModels(config.database.DATABASE_URL);
    checks.register('postgres', () => orm.isConnected());
    const attempts = metrics.counter(
      'baton_notification_attempts_total',
      'Notification delivery attempts, by channel and outcome',
      ['channel', 'outcome'],
    );
    const outbound = outboundFromEnv(process.env);
    const smtp = new SmtpTransports();
    const log = new NotificationDeliveryLog(orm);
    return {
      module: NotifierModule,
      imports: [MessagingModule.forConnection(nc)],
      controllers: [NotificationsHandler],
      providers: [
        { provide: NOTIFIER_ORM, useValue: orm },
        { provide: NOTIFIER_LOGGER, useValue: logger },
        { provide: SmtpTransports, useValue: smtp },
        { provide: NOTIFIER_OUTBOUND, useValue: outbound },
        {
          provide: NOTIFIER_DEPS,
          inject: [JetStreamEventLog, KvDefinitionStore, JetStreamDeliveryQueue, TimerStore],
          useFactory: (
            runs: JetStreamEventLog,
            definitions: KvDefinitionStore,
            queue: JetStreamDeliveryQueue,
            timers: TimerStore,
          ): NotifierDeps => ({
            runs,
            definitions,
            queue,
            retries: new StoreRetryTimers(timers, queue.layout),
            log: {
              hasOutcome: (deliveryId, attempt) => log.hasOutcome(deliveryId, attempt),
              record: async (attempt) => {
                await log.record(attempt);
                attempts.inc({ channel: attempt.channel, outcome: attempt.status });
              },
            },
            outbound,
            smtp,
            // Read once, here: the only place the secrets of notifications come from.
            env: snapshotEnvironment(process.env),
            timeScale: config.notifier.NOTIFIER_TIME_SCALE,
            now: () => Date.now(),
            logger: {
              info: (fields, message) => logger.info(fields, message),
              warn: (fields, message) => logger.warn(fields, message),
            },
          }),
        },
        {
          provide: RunNotifications,
          inject: [NOTIFIER_DEPS],
          useFactory: (deps: NotifierDeps) => new RunNotifications(deps),
        },
        {
          provide: DeliveryAttempts,
          inject: [NOTIFIER_DEPS],
          useFactory: (deps: NotifierDeps) => new DeliveryAttempts(deps),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeOrm(this.orm), this.smtp.close(), this.outbound.close()]);
  }
}
