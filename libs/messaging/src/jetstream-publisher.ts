import { JetStreamApiError, type PubAck } from '@nats-io/jetstream';
import { createInbox, headers as natsHeaders } from '@nats-io/nats-core';
import type { Msg, MsgHdrs, NatsConnection, Subscription } from '@nats-io/nats-core';
import { startPublishSpan } from '@baton/telemetry';
import { encodeJson } from './json-payload';
import { MessagingError } from './messaging-error';
import { TRACEPARENT_HEADER } from './trace-headers';

/**
 * When a publish is written to the socket. `microtask` (nats.js's own rule): as soon as the code
 * that published yields, best for a chain of publishes that each wait for the one before (the
 * orchestrator's appends). `turn`: once per event-loop turn, together with every other publish of
 * that turn, best for many independent callers (ingress's requests, each arriving in a callback of
 * its own): one socket write and one server read for all of them.
 */
export type PublishFlush = 'microtask' | 'turn';

export interface PublisherOptions {
  readonly flush?: PublishFlush;
  /** How long an acknowledgement may take; default 5 s, as nats.js. */
  readonly ackTimeoutMs?: number;
}

export interface PublishOptions {
  /** `Nats-Msg-Id`: JetStream drops a second message with the same id within the stream's duplicate window. */
  readonly msgID?: string;
  /**
   * The message's own trace (a timer carries the trace that scheduled it): sent when no span is
   * active. A span that is active (the handler or request publishing) always wins, so each
   * message's `traceparent` names the span that sent it.
   */
  readonly traceparent?: string;
  /** `Nats-Expected-Last-Subject-Sequence`: refused (API error 10071) unless the subject's last message has this sequence (0: none). */
  readonly expectLastSubjectSequence?: number;
  /** Further headers of the message (the timer store keeps a timer's due time and target there). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** As long as nats.js waits for a JetStream publish acknowledgement by default. */
const ACK_TIMEOUT_MS = 5000;
/** How often acknowledgements overdue are failed: the timeout's resolution. */
const SWEEP_MS = 250;

interface Outgoing {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: MsgHdrs | undefined;
  readonly token: number;
}

interface Awaiting {
  readonly subject: string;
  readonly deadline: number;
  readonly resolve: (ack: PubAck) => void;
  readonly reject: (error: Error) => void;
}

interface AckBody {
  readonly stream?: string;
  readonly seq?: number;
  readonly duplicate?: boolean;
  readonly domain?: string;
  readonly error?: { code: number; err_code: number; description: string };
}

const decoder = new TextDecoder();
const publishers = new WeakMap<NatsConnection, JetStreamPublisher>();

/**
 * The connection's one publisher (its reply subscription and batch are shared by every adapter on
 * it), made with `options` the first time it is asked for: connectNats asks first.
 */
export function jetStreamPublisher(nc: NatsConnection, options?: PublisherOptions): JetStreamPublisher {
  let publisher = publishers.get(nc);
  if (publisher === undefined) {
    publisher = new JetStreamPublisher(nc, options);
    publishers.set(nc, publisher);
  }
  return publisher;
}

/**
 * Publishes to JetStream and resolves with the stream's acknowledgement, like nats.js's
 * `js.publish`, at a fraction of its cost per message when many are in flight (docs/decisions.md,
 * "JetStream publishes"):
 *
 * - With `flush: 'turn'`, publishes made during one turn of the event loop go to the socket
 *   together, in one write the server reads at once, instead of one write (and one server read)
 *   per publish.
 * - Acknowledgements arrive on one wildcard reply subscription and are matched by token; a single
 *   sweep fails the overdue ones, instead of a timer, a request object and an Error per publish.
 *
 * Failures: a JetStream API error (e.g. a wrong last subject sequence) rejects with nats.js's
 * JetStreamApiError; no stream for the subject, no acknowledgement within 5 s or a closed
 * connection with MessagingError `publish-failed`. A publish may still be stored after it failed
 * (its acknowledgement was lost): callers make publishes idempotent with `msgID`.
 */
export class JetStreamPublisher {
  private readonly replyPrefix = `${createInbox()}.`;
  private readonly awaiting = new Map<number, Awaiting>();
  private outgoing: Outgoing[] = [];
  private lastToken = 0;
  private subscription: Subscription | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  private readonly ackTimeoutMs: number;
  private readonly schedule: (flush: () => void) => void;

  constructor(
    private readonly nc: NatsConnection,
    options: PublisherOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.schedule = options.flush === 'turn' ? setImmediate : queueMicrotask;
  }

  /** Every Baton message is UTF-8 JSON. */
  publishJson(subject: string, value: unknown, options: PublishOptions = {}): Promise<PubAck> {
    return this.publish(subject, encodeJson(value), options);
  }

  /** Every publish is traced: a PRODUCER span, and its `traceparent` header (see PublishOptions). */
  publish(subject: string, data: Uint8Array, options: PublishOptions = {}): Promise<PubAck> {
    const tracing = startPublishSpan(subject, options.traceparent);
    const acknowledged = this.send(subject, data, { ...options, traceparent: tracing.traceparent });
    acknowledged.then(
      () => tracing.end(),
      (error: unknown) => tracing.end(error),
    );
    return acknowledged;
  }

  private send(subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
    try {
      // Throws once the connection is closed or draining.
      this.subscription ??= this.subscribe();
    } catch (error) {
      return Promise.reject(
        new MessagingError('publish-failed', `cannot publish to ${subject}: ${(error as Error).message}`, {
          cause: error,
        }),
      );
    }
    const token = ++this.lastToken;
    return new Promise<PubAck>((resolve, reject) => {
      this.awaiting.set(token, { subject, deadline: Date.now() + this.ackTimeoutMs, resolve, reject });
      if (this.outgoing.length === 0) this.schedule(() => this.flush());
      this.outgoing.push({ subject, data, headers: publishHeaders(options), token });
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    });
  }

  /** Hands the batch to nats.js in one go: it writes them to the socket together. */
  private flush(): void {
    const batch = this.outgoing;
    this.outgoing = [];
    for (const { subject, data, headers, token } of batch) {
      try {
        this.nc.publish(subject, data, {
          reply: `${this.replyPrefix}${token}`,
          ...(headers ? { headers } : {}),
        });
      } catch (error) {
        this.settle(token)?.reject(
          new MessagingError('publish-failed', `cannot publish to ${subject}: ${(error as Error).message}`, {
            cause: error,
          }),
        );
      }
    }
  }

  private subscribe(): Subscription {
    const subscription = this.nc.subscribe(`${this.replyPrefix}*`, {
      callback: (error, msg) => {
        if (error === null) this.acknowledged(msg);
      },
    });
    void subscription.closed.then(() => {
      this.subscription = undefined;
      this.failAll('the NATS connection closed before JetStream acknowledged it');
    });
    return subscription;
  }

  private acknowledged(msg: Msg): void {
    const waiter = this.settle(Number(msg.subject.slice(this.replyPrefix.length)));
    if (waiter === undefined) return; // already timed out
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      waiter.reject(new MessagingError('publish-failed', `no JetStream stream takes ${waiter.subject}`));
      return;
    }
    let body: AckBody;
    try {
      body = JSON.parse(decoder.decode(msg.data)) as AckBody;
    } catch {
      waiter.reject(
        new MessagingError(
          'publish-failed',
          `JetStream answered a publish to ${waiter.subject} with no JSON`,
        ),
      );
      return;
    }
    if (body.error) waiter.reject(new JetStreamApiError(body.error));
    else if (!body.stream || typeof body.seq !== 'number') {
      waiter.reject(
        new MessagingError(
          'publish-failed',
          `JetStream answered a publish to ${waiter.subject} with no acknowledgement`,
        ),
      );
    } else {
      waiter.resolve({
        stream: body.stream,
        seq: body.seq,
        duplicate: body.duplicate ?? false,
        ...(body.domain ? { domain: body.domain } : {}),
      } as PubAck);
    }
  }

  private settle(token: number): Awaiting | undefined {
    const waiter = this.awaiting.get(token);
    if (waiter !== undefined) this.awaiting.delete(token);
    if (this.awaiting.size === 0) this.stopSweeping();
    return waiter;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiter] of this.awaiting) {
      if (waiter.deadline > now) continue;
      this.settle(token);
      waiter.reject(
        new MessagingError(
          'publish-failed',
          `JetStream did not acknowledge a publish to ${waiter.subject} within ${this.ackTimeoutMs} ms`,
        ),
      );
    }
  }

  private failAll(reason: string): void {
    for (const [token, waiter] of this.awaiting) {
      this.settle(token);
      waiter.reject(new MessagingError('publish-failed', `publish to ${waiter.subject} failed: ${reason}`));
    }
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

function publishHeaders(options: PublishOptions): MsgHdrs | undefined {
  const { msgID, traceparent, expectLastSubjectSequence, headers } = options;
  if (msgID === undefined && !traceparent && expectLastSubjectSequence === undefined && !headers)
    return undefined;
  const h = natsHeaders();
  for (const [name, value] of Object.entries(headers ?? {})) h.set(name, value);
  if (msgID !== undefined) h.set('Nats-Msg-Id', msgID);
  if (expectLastSubjectSequence !== undefined)
    h.set('Nats-Expected-Last-Subject-Sequence', String(expectLastSubjectSequence));
  if (traceparent) h.set(TRACEPARENT_HEADER, traceparent);
  return h;
}
