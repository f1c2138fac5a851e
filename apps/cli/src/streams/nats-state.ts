import type { ConsumerInfo, JetStreamManager, StreamInfo } from '@nats-io/jetstream';
import type { NatsLayout } from '@baton/messaging';

/** What `baton streams` shows: Baton's streams with their consumers, and its buckets. */
export interface NatsState {
  readonly streams: readonly StreamState[];
  readonly buckets: readonly BucketState[];
}

export interface StreamState {
  readonly name: string;
  /** false when the stream does not exist (yet): no service has provisioned this server. */
  readonly exists: boolean;
  readonly messages: number;
  readonly bytes: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly consumerCount: number;
  readonly consumers: readonly ConsumerState[];
}

export interface ConsumerState {
  readonly name: string;
  /** Messages not delivered yet. */
  readonly pending: number;
  /** Delivered and not acknowledged yet. */
  readonly ackPending: number;
  readonly redelivered: number;
  /** Pull requests waiting for messages: idle workers. */
  readonly waiting: number;
}

export interface BucketState {
  readonly name: string;
  readonly kind: 'kv' | 'object store';
  readonly exists: boolean;
  /** Stored messages: values (with their history) of a key-value bucket, chunks of an object store. */
  readonly values: number;
  readonly bytes: number;
}

/** Streams of the layout first, then any other `BATON_*` stream found on the server, by name. */
export async function readNatsState(jsm: JetStreamManager, layout: NatsLayout): Promise<NatsState> {
  const found = new Map<string, StreamInfo>();
  for await (const info of jsm.streams.list()) found.set(info.config.name, info);

  const layoutStreams = Object.values(layout.streams);
  const others = [...found.keys()]
    .filter((name) => name.startsWith(`${layout.prefix}BATON_`) && !layoutStreams.includes(name))
    .sort();
  const streams = await Promise.all(
    [...layoutStreams, ...others].map(async (name) =>
      streamState(name, found.get(name), found.has(name) ? await consumersOf(jsm, name) : []),
    ),
  );

  const { ensembles, dedupe, waits, kv, artifacts } = layout.buckets;
  const buckets = [
    ...[ensembles, dedupe, waits, kv].map((name) => bucketState(name, 'kv', found.get(`KV_${name}`))),
    bucketState(artifacts, 'object store', found.get(`OBJ_${artifacts}`)),
  ];
  return { streams, buckets };
}

async function consumersOf(jsm: JetStreamManager, stream: string): Promise<ConsumerState[]> {
  const consumers: ConsumerState[] = [];
  for await (const info of jsm.consumers.list(stream)) consumers.push(consumerState(info));
  return consumers.sort((a, b) => a.name.localeCompare(b.name));
}

function streamState(name: string, info: StreamInfo | undefined, consumers: ConsumerState[]): StreamState {
  return {
    name,
    exists: info !== undefined,
    messages: info?.state.messages ?? 0,
    bytes: info?.state.bytes ?? 0,
    firstSeq: info?.state.first_seq ?? 0,
    lastSeq: info?.state.last_seq ?? 0,
    consumerCount: info?.state.consumer_count ?? 0,
    consumers,
  };
}

function consumerState(info: ConsumerInfo): ConsumerState {
  return {
    name: info.name,
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
    waiting: info.num_waiting,
  };
}

function bucketState(name: string, kind: BucketState['kind'], info: StreamInfo | undefined): BucketState {
  return {
    name,
    kind,
    exists: info !== undefined,
    values: info?.state.messages ?? 0,
    bytes: info?.state.bytes ?? 0,
  };
}
