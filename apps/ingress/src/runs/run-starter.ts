import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { IngressConfig } from '@baton/config';
import { RunStarter, type StartedRun, type StartRefusal, type StartRequest } from '@baton/intake';
import {
  DedupeStore,
  DefinitionCache,
  JetStreamInbox,
  JetStreamTimers,
  LAYOUT_OPTIONS,
  type LayoutOptions,
  NATS_CONNECTION,
  StartBacklogGauge,
  SYSTEM_CLOCK,
} from '@baton/messaging';
import { ApiError } from '../http/api-error';
import { inputSchemaValidator } from './input-schema';

export type { StartedRun, StartRequest };

/**
 * Ingress's side of the RunStarter (webhooks, API starts, reruns): the starter over the JetStream
 * ports and this process's definition cache, with the backlog limit (`BATON_MAX_START_BACKLOG`),
 * answering each refusal as the API error interfaces.md names: 404, 422, or 503 with Retry-After.
 */
@Injectable()
export class IngressRunStarter implements OnModuleInit, OnApplicationShutdown {
  private readonly backlog: StartBacklogGauge;
  private readonly starter: RunStarter;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(LAYOUT_OPTIONS) layout: LayoutOptions,
    config: IngressConfig,
    definitions: DefinitionCache,
    inbox: JetStreamInbox,
    timers: JetStreamTimers,
    dedupe: DedupeStore,
  ) {
    this.backlog = new StartBacklogGauge(nc, {
      ...layout,
      limit: config.BATON_MAX_START_BACKLOG,
      logger: new Logger('start-backlog'),
    });
    this.starter = new RunStarter({
      definitions,
      inputs: inputSchemaValidator,
      inbox,
      timers,
      dedupe,
      clock: SYSTEM_CLOCK,
      admission: this.backlog,
    });
  }

  onModuleInit(): Promise<void> {
    return this.backlog.start();
  }

  onApplicationShutdown(): void {
    this.backlog.stop();
  }

  /** Resolves once JetStream acknowledged the start; throws the ApiError of a refusal. */
  async start(request: StartRequest): Promise<StartedRun> {
    const outcome = await this.starter.start(request);
    if (!outcome.ok) throw apiErrorOf(outcome.refusal);
    return outcome.run;
  }
}

function apiErrorOf(refusal: StartRefusal): ApiError {
  switch (refusal.code) {
    case 'unknown-ensemble':
      return ApiError.notFound(refusal.message);
    case 'invalid-input':
      return ApiError.invalidInput(refusal.message, { errors: refusal.problems });
    case 'backlog-full':
      return ApiError.busy(refusal.message, refusal.retryAfterSeconds, {
        backlog: refusal.backlog,
        limit: refusal.limit,
        retryAfterSeconds: refusal.retryAfterSeconds,
      });
  }
}
