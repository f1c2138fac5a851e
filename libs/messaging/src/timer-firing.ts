import { JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import type { LoopLogger } from './consumer-loop';
import { currentInboxTarget } from './inbox';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { legacyTimer } from './legacy-timers';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { TIMER_HEADERS, TimerStore, readTimerTarget } from './timer-store';

export type FireOutcome =
  /** The target was published (acknowledged) and the timer deleted. */
  | { readonly kind: 'fired'; readonly dueAt: number }
  /** The message was no longer there: cancelled, replaced, or fired by another replica. */
  | { readonly kind: 'gone' }
  /** A tombstone or a message that is no timer (a legacy timer is stored again first), now deleted. */
  | { readonly kind: 'deleted' };

/**
 * One timer message, by stream sequence: read it (direct get), publish its target with its message
 * id and trace, await the acknowledgement, then delete the timer. A crash between the publish and
 * the delete fires it again later; the target's duplicate window (the inbox's is 2 minutes) and the
 * receiver's idempotency absorb the repeat. Failures reject (the scheduler retries them).
 */
export class TimerFiring {
  private readonly publisher: JetStreamPublisher;
  private jsm: Promise<JetStreamManager> | undefined;

  private readonly layout: NatsLayout;
  private readonly stream: string;
  private readonly store: TimerStore;

  constructor(
    private readonly nc: NatsConnection,
    options: LayoutOptions,
    private readonly logger: LoopLogger,
  ) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
    this.stream = this.layout.streams.timers;
    this.store = new TimerStore(nc, options);
  }

  async fire(seq: number): Promise<FireOutcome> {
    const jsm = await this.manager();
    const msg = await jsm.direct.getMessage(this.stream, { seq });
    if (msg === null) return { kind: 'gone' };
    const dueAt = Number(msg.header.get(TIMER_HEADERS.dueAt));
    const read = readTimerTarget(msg.header, msg.data);
    if (!read.ok) {
      const legacy = legacyTimer(this.layout, msg.data);
      if (legacy !== undefined) {
        // Written by an older Baton during a rolling upgrade: stored again in today's form, fired from there.
        await this.store.schedule(legacy);
      } else this.logger.error(`Deleting timer ${msg.subject} #${seq}: ${read.reason}`);
      await this.delete(seq);
      return { kind: 'deleted' };
    }
    const target = currentInboxTarget(this.layout, read.target);
    await this.publisher.publish(target.subject, target.payload, {
      msgID: target.msgId,
      ...(read.traceparent ? { traceparent: read.traceparent } : {}),
    });
    await this.delete(seq);
    return { kind: 'fired', dueAt };
  }

  /** Deletes a message; one already gone is fine (another replica, or a replacement, removed it). */
  async delete(seq: number): Promise<void> {
    const jsm = await this.manager();
    await jsm.streams.deleteMessage(this.stream, seq, false).catch((error: unknown) => {
      if (!isNoMessage(error)) throw error;
    });
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
    return this.jsm;
  }
}

/** nats-server answers a delete of a missing sequence with "no message found" (10057 on 2.9). */
function isNoMessage(error: unknown): boolean {
  return (
    hasApiCode(error, API_CODES.NoMessageFound) ||
    (error instanceof JetStreamApiError && /no message found/i.test(error.message))
  );
}
