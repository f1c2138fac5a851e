import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  ApprovalLinksConfig,
  ConfigModule,
  DashboardConfig,
  DatabaseConfig,
  EnsemblesConfig,
  IngressConfig,
  NatsConfig,
  PublicUrlConfig,
  TelemetryConfig,
} from '@baton/config';
import { MessagingModule, type LayoutOptions } from '@baton/messaging';
import { HealthModule, type Metrics, type ReadinessChecks } from '@baton/telemetry';
import { ApprovalKeys } from './approvals/approval-keys';
import { ApprovalsController } from './approvals/approvals.controller';
import { DashboardModule } from './dashboard/dashboard.module';
import { DefinitionLoader } from './ensembles/definition-loader';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { EnsembleRegistry } from './ensembles/ensemble-registry';
import { EnsemblesController } from './ensembles/ensembles.controller';
import { ReadModels } from './infrastructure/read-models';
import { WebhookLogLines } from './infrastructure/webhook-log-lines';
import { IngressRunStarter } from './runs/run-starter';
import { RunViews } from './runs/run-views';
import { RunsController } from './runs/runs.controller';
import { WaitResolver } from './waits/wait-resolver';
import { WaitsController } from './waits/waits.controller';
import { WebhookDeliveriesController } from './webhooks/webhook-deliveries.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

export const INGRESS_CONFIG = [
  IngressConfig,
  NatsConfig,
  DatabaseConfig,
  EnsemblesConfig,
  PublicUrlConfig,
  TelemetryConfig,
  DashboardConfig,
  ApprovalLinksConfig,
];

@Module({})
export class IngressModule {
  static forRoot(
    nc: NatsConnection,
    layout: LayoutOptions,
    health: { metrics: Metrics; checks: ReadinessChecks },
  ): DynamicModule {
    return {
      module: IngressModule,
      imports: [
        ConfigModule.forRoot(INGRESS_CONFIG),
        MessagingModule.forConnection(nc, layout),
        HealthModule.forRoot({ service: 'ingress', ...health }),
        DashboardModule.forRoot(),
      ],
      // Webhooks before the API: `POST /webhooks/generic` must win over `POST /webhooks/*path`.
      controllers: [
        WebhooksController,
        RunsController,
        EnsemblesController,
        WaitsController,
        WebhookDeliveriesController,
        DeliveriesController,
        ApprovalsController,
      ],
      providers: [
        DefinitionLoader,
        EnsembleRegistry,
        ReadModels,
        WebhookLogLines,
        IngressRunStarter,
        RunViews,
        WaitResolver,
        ApprovalKeys,
      ],
    };
  }
}
