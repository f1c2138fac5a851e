/** Every message JetStream holds, read raw (the bytes the NATS CLI shows), for at-rest checks. */
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export interface StoredMessage {
  readonly stream: string;
  readonly subject: string;
  readonly seq: number;
  /** The payload as UTF-8 text. */
  readonly text: string;
  /** Every header value, joined. */
  readonly headers: string;
}

/** Every message of every stream (KV buckets and object stores included: they are streams too). */
export async function everyStreamMessage(natsUrl: string): Promise<StoredMessage[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const found: StoredMessage[] = [];
    for await (const info of jsm.streams.list()) {
      const { first_seq, last_seq, messages } = info.state;
      if (messages === 0) continue;
      for (let seq = first_seq; seq <= last_seq; seq++) {
        // A work queue's acknowledged messages are gone: their sequences are holes.
        const message = await jsm.streams.getMessage(info.config.name, { seq }).catch(() => null);
        if (message === null) continue;
        const headers = message.header
          ? [...message.header.keys()]
              .map((key) => `${key}: ${message.header.values(key).join(',')}`)
              .join('\n')
          : '';
        found.push({
          stream: info.config.name,
          subject: message.subject,
          seq,
          text: new TextDecoder().decode(message.data),
          headers,
        });
      }
    }
    return found;
  } finally {
    await nc.close();
  }
}
