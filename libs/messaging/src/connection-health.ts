import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';

/** Whether a connection can be used right now, for /readyz. */
export interface ConnectionState {
  readonly connected: boolean;
  /** Why not, when not. */
  readonly reason: string | undefined;
}

/**
 * Follows a connection's status: not connected from a disconnect until the client has reconnected,
 * and for good once it is closed. A connection that reconnects forever is never closed while NATS
 * is away, so `isClosed()` alone would keep a service "ready" through the whole outage.
 */
export function watchConnection(nc: NatsConnection): ConnectionState {
  let down: string | undefined;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') down = `disconnected from ${status.server}`;
      else if (status.type === 'reconnecting') down ??= 'reconnecting';
      else if (status.type === 'reconnect') down = undefined;
    }
  })();
  return {
    get connected() {
      return down === undefined && !nc.isClosed();
    },
    get reason() {
      if (nc.isClosed()) return 'the NATS connection is closed';
      return down === undefined ? undefined : `NATS ${down}`;
    },
  };
}

/** A durable consumer's backlog, as JetStream's consumer info reports it. */
export interface ConsumerBacklog {
  readonly stream: string;
  readonly consumer: string;
  /** Messages not yet delivered to the consumer. */
  readonly pending: number;
  /** Delivered, not yet acknowledged. */
  readonly ackPending: number;
}

export interface BacklogWatch {
  /** Reads every consumer's info once now (also what each period does). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Reads the info of each durable consumer every `intervalMs` and hands the backlog to `report`
 * (the service's lag gauges). A consumer whose info cannot be read (NATS away) is skipped until the
 * next period: the gauge keeps its last value, and /readyz says NATS is away.
 */
export function watchConsumerBacklog(
  nc: NatsConnection,
  consumers: ReadonlyArray<{ readonly stream: string; readonly consumer: string }>,
  report: (backlog: ConsumerBacklog) => void,
  intervalMs = 15_000,
): BacklogWatch {
  const refresh = async () => {
    if (nc.isClosed() || consumers.length === 0) return;
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    await Promise.all(
      consumers.map(async ({ stream, consumer }) => {
        try {
          const info = await jsm.consumers.info(stream, consumer);
          report({ stream, consumer, pending: info.num_pending, ackPending: info.num_ack_pending });
        } catch {
          // Unreadable for now (NATS away, consumer being recreated): the next period tries again.
        }
      }),
    );
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), intervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
