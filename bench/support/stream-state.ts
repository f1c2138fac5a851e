/** What a JetStream stream holds and has ever stored: the benches check their answers against it. */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface StreamState {
  /** Messages stored now. */
  readonly messages: number;
  /** Sequence of the last message ever stored (a work queue removes acknowledged ones). */
  readonly lastSeq: number;
}

export async function streamState(natsUrl: string, stream: string): Promise<StreamState> {
  const nc = await connect({ servers: natsUrl, name: 'bench-inspector' });
  try {
    const { state } = await (await jetstreamManager(nc)).streams.info(stream);
    return { messages: state.messages, lastSeq: state.last_seq };
  } finally {
    await nc.close();
  }
}
