import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { DedupeStore } from './dedupe-store';
import { DefinitionCache } from './definition-cache';
import { KvDefinitionStore } from './definition-store';
import { JetStreamEventLog } from './event-log';
import { JetStreamInbox } from './inbox';
import type { LayoutOptions } from './nats-layout';
import { JetStreamTaskQueue } from './task-queue';
import { JetStreamTimers } from './timers';
import { WaitDirectory } from './wait-directory';
import { KvConcurrencySlots } from './concurrency-slots';
import { JetStreamDeliveryQueue } from './delivery-queue';
import { KvSigningKeys } from './signing-keys';
import { TimerStore } from './timer-store';
import { WaitResolutionClaims } from './wait-resolution-claims';

/** Injection token of the process's NATS connection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** Injection token of the process's layout options (prefix, partitions). */
export const LAYOUT_OPTIONS = Symbol('LAYOUT_OPTIONS');

const ADAPTERS = [
  JetStreamEventLog,
  JetStreamInbox,
  JetStreamTaskQueue,
  JetStreamTimers,
  KvDefinitionStore,
  DefinitionCache,
  DedupeStore,
  WaitDirectory,
  KvConcurrencySlots,
  WaitResolutionClaims,
  JetStreamDeliveryQueue,
  KvSigningKeys,
  TimerStore,
] as const;

/**
 * Gives every service the JetStream adapters over one connection the process opened (and
 * provisioned) before Nest started; each adapter is injected by its class. The connection is drained
 * when the application shuts down.
 */
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(DefinitionCache) private readonly definitions: DefinitionCache,
  ) {}

  static forConnection(nc: NatsConnection, options: LayoutOptions = {}): DynamicModule {
    const providers = [
      { provide: NATS_CONNECTION, useValue: nc },
      { provide: LAYOUT_OPTIONS, useValue: options },
      ...ADAPTERS.map((Adapter) => ({ provide: Adapter, useFactory: () => new Adapter(nc, options) })),
    ];
    return { module: MessagingModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.definitions.close();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
