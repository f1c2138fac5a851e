import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { lastValueFrom } from 'rxjs';
import { describeHandledMessage, recordSpanException } from '@baton/telemetry';
import { connectNats } from './connect-nats';
import { ConsumerLoop, type Disposition } from './consumer-loop';
import { JetStreamContext } from './jetstream-context';
import { decodeJson } from './json-payload';
import { type LayoutOptions, natsLayout, streamOfConsumer } from './nats-layout';
import { YieldToConsumers } from './pull-priority';
import { redeliveryDelay } from './redelivery-delay';

export interface JetStreamServerOptions extends LayoutOptions {
  /**
   * The server connects with these and owns the connection (drained on close)…
   */
  readonly url?: string;
  readonly name?: string;
  /** …or uses a connection the application owns and closes itself. */
  readonly connection?: NatsConnection;
  /** Messages handled at once per consumer by this process: one number, or per consumer name. Default 16. */
  readonly maxInFlight?: number | Readonly<Record<string, number>>;
  /** Delay before a message whose handler failed is delivered again. Default: 1 s doubling to 60 s. */
  readonly redeliveryDelay?: (deliveryCount: number) => number;
  /** Told of each message settled (metrics): its consumer, disposition and handling time. */
  readonly onHandled?: (consumer: string, disposition: Disposition, seconds: number) => void;
  /**
   * Consumers that yield to the others this server reads on the same stream: they pull only while
   * those are idle (the orchestrator's start consumers yield to its command consumers).
   */
  readonly lowPriority?: (consumer: string) => boolean;
  /**
   * Consumers read only while this process holds them (the orchestrator's inbox partitions, under
   * their leases): not pulled at `listen`, but between `resume` and `pause`.
   */
  readonly claimable?: (consumer: string) => boolean;
}

export type JetStreamServerStatus = 'connected' | 'disconnected' | 'reconnecting';

type JetStreamServerEvents = {
  disconnect: (server: string) => void;
  reconnect: (server: string) => void;
  error: (error: Error) => void;
};

const DEFAULT_MAX_IN_FLIGHT = 16;

/**
 * A NestJS transport over JetStream pull consumers: `@EventPattern('orchestrator')` handles the
 * durable `orchestrator` consumer, `@EventPattern('worker-http')` the `worker-http` one, and so on.
 *
 * A message is acked after its handler resolved (or its returned observable completed), NAKed with
 * a growing delay when it throws, and terminated, with a log line, when its payload is not JSON.
 * Handlers receive `(payload, ctx: JetStreamContext)`. Delivery is at least once: handlers must be
 * idempotent (see the README).
 */
export class JetStreamServer
  extends Server<JetStreamServerEvents, JetStreamServerStatus>
  implements CustomTransportStrategy
{
  // We observe handler failures ourselves (they become NAKs), so Nest need not log them twice.
  override readonly propagatesEventHandlerErrors = true;

  private connection: NatsConnection | undefined;
  /** The consumers pulled now, by name. */
  private readonly loops = new Map<string, ConsumerLoop>();
  private closing: Promise<void> | undefined;
  private readonly listeners: {
    [EventKey in keyof JetStreamServerEvents]: Array<JetStreamServerEvents[EventKey]>;
  } = {
    disconnect: [],
    reconnect: [],
    error: [],
  };

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    if (options.connection === undefined && options.url === undefined) {
      throw new TypeError('JetStreamServer needs a `url` to connect to or a `connection` to use');
    }
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const nc =
        this.options.connection ??
        (await connectNats({ url: this.options.url ?? '', name: this.options.name ?? 'baton' }));
      this.connection = nc;
      this.watchStatus(nc);
      const claimable = this.options.claimable ?? (() => false);
      await this.startLoops(
        nc,
        [...this.getHandlers().keys()].filter((name) => !claimable(name)),
      );
      this._status$.next('connected');
      callback();
    } catch (error) {
      await this.close();
      callback(error);
    }
  }

  /** Starts pulling claimable consumers this process now holds (their handlers must be registered). */
  async resume(consumers: readonly string[]): Promise<void> {
    const nc = this.connection;
    if (nc === undefined || this.closing !== undefined) return;
    await this.startLoops(
      nc,
      consumers.filter((name) => !this.loops.has(name)),
    );
  }

  /** Stops pulling these consumers: what was pulled but not started goes back, the handlers in hand finish. */
  async pause(consumers: readonly string[]): Promise<void> {
    await Promise.all(
      consumers.map(async (name) => {
        const loop = this.loops.get(name);
        if (loop === undefined) return;
        this.loops.delete(name);
        await loop.stop();
      }),
    );
  }

  /** Stops pulling, waits for the handlers in hand to settle their messages, then drains an owned connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const loops = [...this.loops.values()];
      this.loops.clear();
      await Promise.all(loops.map((loop) => loop.stop()));
      const nc = this.connection;
      if (nc !== undefined && this.options.connection === undefined && !nc.isClosed()) await nc.drain();
    })();
    return this.closing;
  }

  on<EventKey extends keyof JetStreamServerEvents>(
    event: EventKey,
    callback: JetStreamServerEvents[EventKey],
  ): void {
    this.listeners[event].push(callback);
  }

  unwrap<T>(): T {
    if (this.connection === undefined) {
      throw new Error(
        'Not initialized. Please call the "listen"/"startAllMicroservices" method before accessing the server.',
      );
    }
    return this.connection as T;
  }

  /**
   * One loop per consumer, the preferred consumers first: a low-priority one pulls only while the
   * preferred consumers this server pulls on its stream (now, whichever they are) are idle.
   */
  private async startLoops(nc: NatsConnection, consumers: readonly string[]): Promise<void> {
    const layout = natsLayout(this.options);
    const isLow = this.options.lowPriority ?? (() => false);
    const handlers = this.getHandlers();
    const ordered = [...consumers.filter((name) => !isLow(name)), ...consumers.filter((name) => isLow(name))];
    for (const consumer of ordered) {
      const handler = handlers.get(consumer);
      if (handler === undefined) throw new Error(`No handler for consumer ${consumer}`);
      const stream = streamOfConsumer(layout, consumer);
      const preferred = () =>
        [...this.loops.entries()]
          .filter(([name]) => !isLow(name) && streamOfConsumer(layout, name) === stream)
          .map(([, loop]) => loop);
      const loop = new ConsumerLoop(nc, {
        stream,
        consumer,
        maxInFlight: this.maxInFlightFor(consumer),
        handle: (msg) => this.dispatch(consumer, handler, msg),
        logger: this.logger,
        onSettled: (disposition, seconds) => this.options.onHandled?.(consumer, disposition, seconds),
        ...(isLow(consumer) ? { gate: new YieldToConsumers(preferred) } : {}),
      });
      await loop.start();
      this.loops.set(consumer, loop);
    }
  }

  private async dispatch(consumer: string, handler: MessageHandler, msg: JsMsg): Promise<Disposition> {
    const decoded = decodeJson<unknown>(msg.data);
    if (!decoded.ok) {
      this.logger.error(
        `Terminating poison message ${msg.subject} #${msg.seq} on ${consumer}: payload is not JSON (${decoded.reason})`,
      );
      return { kind: 'term', reason: `payload is not JSON: ${decoded.reason}` };
    }
    // The run, ensemble, agent and attempt on the consumer's span and on the handler's log lines.
    describeHandledMessage(decoded.value);
    try {
      const result = await handler(decoded.value, new JetStreamContext([msg, consumer]));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      return { kind: 'ack' };
    } catch (error) {
      recordSpanException(error);
      const delayMs = (this.options.redeliveryDelay ?? redeliveryDelay)(msg.info.deliveryCount);
      // Nest's exception filter has already logged what the handler threw, and hands back only
      // `{ status, message: 'Internal server error' }`.
      const why = error instanceof Error ? error.message : 'its error is logged just before';
      this.logger.warn(
        `Handler of ${consumer} failed on ${msg.subject} #${msg.seq} (delivery ${msg.info.deliveryCount}), redelivering in ${delayMs} ms: ${why}`,
      );
      return { kind: 'nak', delayMs };
    }
  }

  private maxInFlightFor(consumer: string): number {
    const setting = this.options.maxInFlight;
    if (typeof setting === 'number') return setting;
    return setting?.[consumer] ?? DEFAULT_MAX_IN_FLIGHT;
  }

  private watchStatus(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        switch (status.type) {
          case 'disconnect':
            this._status$.next('disconnected');
            this.listeners.disconnect.forEach((listener) => listener(status.server));
            break;
          case 'reconnecting':
            this._status$.next('reconnecting');
            break;
          case 'reconnect':
            this._status$.next('connected');
            this.listeners.reconnect.forEach((listener) => listener(status.server));
            break;
          case 'error':
            this.listeners.error.forEach((listener) => listener(status.error));
            break;
          default:
            break;
        }
      }
    })();
  }
}
