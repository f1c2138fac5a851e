import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { MessagingError } from './messaging-error';

export interface ReplayedMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
}

export interface StreamReplay {
  /** Messages the stream held when the replay began (its progress's 100 %). */
  readonly total: number;
  /** The stream's last sequence when the replay began: the replay stops there. */
  readonly lastSeq: number;
  readonly batches: AsyncIterable<readonly ReplayedMessage[]>;
}

/** How long a fetch waits for a batch to fill: only the last, short batch waits that long. */
const FETCH_EXPIRES_MS = 1000;

/**
 * Every message of `stream` from its first to its last at the time of the call, in order, in
 * batches of at most `batchSize`, through one ephemeral ordered consumer (no durable state, no
 * acknowledgements). Later messages are left alone. Rejects with `not-provisioned` when the stream
 * does not exist.
 */
export async function replayStream(
  nc: NatsConnection,
  stream: string,
  { batchSize }: { readonly batchSize: number },
): Promise<StreamReplay> {
  const info = await (await jetstreamManager(nc)).streams.info(stream).catch((error: unknown) => {
    if (hasApiCode(error, API_CODES.StreamNotFound)) {
      throw new MessagingError('not-provisioned', `Stream ${stream} does not exist`, { cause: error });
    }
    throw error;
  });
  const { messages: total, first_seq: firstSeq, last_seq: lastSeq } = info.state;
  return { total, lastSeq, batches: batchesOf(nc, stream, firstSeq, lastSeq, total, batchSize) };
}

async function* batchesOf(
  nc: NatsConnection,
  stream: string,
  firstSeq: number,
  lastSeq: number,
  total: number,
  batchSize: number,
): AsyncGenerator<readonly ReplayedMessage[]> {
  if (total === 0) return;
  const consumer = await jetstream(nc).consumers.get(stream, { opt_start_seq: firstSeq });
  try {
    let seq = firstSeq - 1;
    while (seq < lastSeq) {
      const batch: ReplayedMessage[] = [];
      const fetched = await consumer.fetch({ max_messages: batchSize, expires: FETCH_EXPIRES_MS });
      for await (const msg of fetched) {
        if (msg.seq > lastSeq) break;
        batch.push({ seq: msg.seq, subject: msg.subject, data: msg.data });
      }
      // Nothing more: the stream's age limit removed the last messages while we read.
      if (batch.length === 0) return;
      seq = batch[batch.length - 1].seq;
      yield batch;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}
