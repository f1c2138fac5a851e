import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { messageOf } from './error-message';
import { natsUnreachable, natsWithoutJetStream } from './start-instructions';

export type JetStreamConnection =
  | { readonly ok: true; readonly nc: NatsConnection; readonly jsm: JetStreamManager }
  | {
      readonly ok: false;
      /** Nothing answered (`unreachable`), or a NATS server did but without JetStream. */
      readonly reason: 'unreachable' | 'no-jetstream';
      readonly message: string;
    };

const CONNECT_TIMEOUT_MS = 3000;

/**
 * A connection to the NATS of NATS_URL with its JetStream API checked, for `start` (is it there?)
 * and `streams` (what is in it?). Not reachable, or reachable without JetStream, comes back as the
 * message to print. The caller closes the connection.
 */
export async function connectJetStream(url: string): Promise<JetStreamConnection> {
  // Loaded here: @baton/messaging brings NestJS, which verbs that never reach NATS should not load.
  const { connectNats, MessagingError } = await import('@baton/messaging');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  let nc: NatsConnection;
  try {
    nc = await connectNats({ url, name: 'baton-cli', timeoutMs: CONNECT_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof MessagingError && error.code === 'nats-unreachable') {
      return {
        ok: false,
        reason: 'unreachable',
        message: natsUnreachable(url, messageOf(error.cause ?? error)),
      };
    }
    throw error;
  }
  try {
    // The API check fails exactly when the server runs without JetStream.
    return { ok: true, nc, jsm: await jetstreamManager(nc, { checkAPI: true }) };
  } catch (error) {
    await nc.close();
    return { ok: false, reason: 'no-jetstream', message: natsWithoutJetStream(url, messageOf(error)) };
  }
}
