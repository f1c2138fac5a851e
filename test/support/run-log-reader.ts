/** A stream's messages read whole and fast, with one ordered consumer (for counting from the log). */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

export interface StreamMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
}

/** Every message `stream` holds now, in order. */
export async function readWholeStream(natsUrl: string, stream: string): Promise<StreamMessage[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const { state } = await (await jetstreamManager(nc)).streams.info(stream);
    const read: StreamMessage[] = [];
    if (state.messages === 0) return read;
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const message of messages) {
      read.push({ subject: message.subject, seq: message.seq, data: message.data });
      if (message.seq >= state.last_seq) break;
    }
    return read;
  } finally {
    await nc.close();
  }
}
