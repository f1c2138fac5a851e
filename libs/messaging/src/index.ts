/**
 * @baton/messaging: JetStream adapters for the engine's ports, the NATS layout and its provisioning,
 * durable timers, and the NestJS transport every service consumes with.
 */
export { connectNats, splitCredentials, type ConnectNatsOptions } from './connect-nats';
export {
  watchConnection,
  watchConsumerBacklog,
  type BacklogWatch,
  type ConnectionState,
  type ConsumerBacklog,
} from './connection-health';
export { MessagingError, type MessagingErrorCode } from './messaging-error';
export {
  CONSUMERS,
  durableConsumers,
  natsLayout,
  orchestratorConsumerName,
  orchestratorStartConsumerName,
  partitionOfStartConsumer,
  streamOfConsumer,
  workerConsumerName,
  type InboxConsumer,
  type LayoutOptions,
  type NatsLayout,
} from './nats-layout';
export { WORKER_OPERATIONS, isWorkerOperation, type WorkerOperation } from './worker-operations';
export { DEFAULTS as LAYOUT_DEFAULTS } from './layout-settings';
export {
  checkLayout,
  layoutStreamNames,
  prepareLayout,
  provision,
  removeLayout,
  type ProvisionMode,
  type ProvisionOptions,
} from './provision';
export { JetStreamEventLog } from './event-log';
export { JetStreamInbox, inboxMessage, inboxSubjectOf, misroutedCommand, type InboxMessage } from './inbox';
export { provisionedPartitions } from './inbox-partitions';
export { JetStreamTaskQueue } from './task-queue';
export { JetStreamTimers } from './timers';
export { TIMER_HEADERS, TimerStore, type StoreTimer, type TimerTarget } from './timer-store';
export { TimerScheduler, type FiredMark, type TimerSchedulerOptions } from './timer-scheduler';
export { KvLease, type KvLeaseOptions, type LeaseRecord } from './kv-lease';
export { PartitionOwnership, type PartitionOwnershipOptions } from './partition-ownership';
export { KvDefinitionStore } from './definition-store';
export {
  DefinitionCache,
  type DefinitionCacheOptions,
  type DefinitionChangeListener,
  type RegisteredWebhook,
} from './definition-cache';
export {
  CronScheduler,
  CRON_LEASE,
  CRON_PROGRESS_KEY,
  type CronFireOutcome,
  type CronRunStarter,
  type CronSchedulerOptions,
  type CronTriggerInfo,
} from './cron-scheduler';
export { StartBacklogGauge, type StartBacklogOptions } from './start-backlog';
export { SYSTEM_CLOCK } from './system-clock';
export { YieldToConsumers, type PullGate } from './pull-priority';
export { DedupeStore, type DedupeClaim } from './dedupe-store';
export { dedupeKvKey } from './dedupe-key';
export { WaitDirectory } from './wait-directory';
export {
  WaitResolutionClaims,
  type WaitResolutionClaim,
  type WaitResolutionRecord,
} from './wait-resolution-claims';
export { JetStreamDeliveryQueue, deliveryMessage, type DeliveryJobRef } from './delivery-queue';
export { APPROVAL_KEY_NAME, KvSigningKeys, approvalKeys } from './signing-keys';
export { TRACEPARENT_HEADER } from './trace-headers';
export { JetStreamContext } from './jetstream-context';
export { JetStreamServer, type JetStreamServerOptions, type JetStreamServerStatus } from './jetstream-server';
export type { Disposition } from './consumer-loop';
export { BatchConsumerLoop, type BatchConsumerLoopOptions } from './batch-consumer-loop';
export { WebhookLogStream } from './webhook-log-stream';
export { replayStream, type ReplayedMessage, type StreamReplay } from './stream-replay';
export { redeliveryDelay } from './redelivery-delay';
export { LAYOUT_OPTIONS, MessagingModule, NATS_CONNECTION } from './messaging.module';
export { KvConcurrencySlots } from './concurrency-slots';
export {
  AgentKvStore,
  DEFAULT_KV_MAX_VALUE_BYTES,
  KV_SWEEP_INTERVAL_MS,
  type AgentKvStoreOptions,
} from './agent-kv-store';
export {
  ArtifactStore,
  DEFAULT_ARTIFACT_MAX_BYTES,
  type Artifact,
  type ArtifactStoreOptions,
} from './artifact-store';
