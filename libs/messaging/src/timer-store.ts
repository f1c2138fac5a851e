import type { MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { MessagingError } from './messaging-error';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { TRACEPARENT_HEADER } from './trace-headers';

/** What a timer does when it fires: one JetStream publish, acknowledged before the timer is removed. */
export interface TimerTarget {
  /** A subject some stream captures (the publish must be acknowledged); never a timer subject. */
  readonly subject: string;
  readonly payload: Uint8Array;
  /** `Nats-Msg-Id` of the publish: a timer fired twice (a crash after the publish) is stored once. */
  readonly msgId: string;
}

export interface StoreTimer {
  /** Names the timer: scheduling it again replaces it, cancelling it removes it. */
  readonly id: string;
  /** Milliseconds since the epoch; the timer fires at or after it, never before. */
  readonly dueAt: number;
  readonly target: TimerTarget;
  /** W3C trace context, sent with the target's publish. */
  readonly traceparent?: string;
}

/** Headers of a timer's message in BATON_TIMERS (its body is the target's payload). */
export const TIMER_HEADERS = {
  id: 'Baton-Timer-Id',
  /** Due time, milliseconds since the epoch (decimal): the only header the scheduler's index reads. */
  dueAt: 'Baton-Timer-Due',
  targetSubject: 'Baton-Timer-Target',
  targetMsgId: 'Baton-Timer-Target-Msg-Id',
  /** Present on a tombstone: the message that replaced a cancelled timer on its subject. */
  cancelled: 'Baton-Timer-Cancelled',
} as const;

/**
 * The durable timer store: stream BATON_TIMERS, one subject per timer id
 * (`layout.timerSubject(id)`) holding at most one message (`max_msgs_per_subject: 1`). A timer is
 * a message whose headers carry its due time and target and whose body is the target's payload; a
 * cancel publishes a tombstone on the timer's subject, so the server drops the timer at once and
 * the scheduler later deletes the tombstone. Pending timers cost disk (and the server's per-subject
 * index), never consumer slots: nothing holds them until they are due.
 *
 * Writes are idempotent within the stream's 2-minute duplicate window: scheduling an id again is
 * dropped there (`Nats-Msg-Id` `t:<id>`), and so is a repeated cancel (`c:<id>`). After the window,
 * scheduling an id again replaces its timer. Use a new id for a new timer.
 */
export class TimerStore {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  /** Resolves once the stream acknowledged the timer. */
  async schedule(timer: StoreTimer): Promise<void> {
    this.validate(timer);
    await this.publisher.publish(this.layout.timerSubject(timer.id), timer.target.payload, {
      msgID: `t:${timer.id}`,
      traceparent: timer.traceparent,
      headers: {
        [TIMER_HEADERS.id]: timer.id,
        [TIMER_HEADERS.dueAt]: String(Math.ceil(timer.dueAt)),
        [TIMER_HEADERS.targetSubject]: timer.target.subject,
        [TIMER_HEADERS.targetMsgId]: timer.target.msgId,
      },
    });
  }

  /** Removes the timers (ids with no pending timer are fine); resolves once every tombstone is stored. */
  async cancel(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids.map((id) =>
        this.publisher.publish(this.layout.timerSubject(id), EMPTY, {
          msgID: `c:${id}`,
          headers: { [TIMER_HEADERS.id]: id, [TIMER_HEADERS.cancelled]: 'true' },
        }),
      ),
    );
  }

  private validate(timer: StoreTimer): void {
    const refuse = (reason: string) => {
      throw new MessagingError('invalid-timer', `Timer "${timer.id}" cannot be stored: ${reason}`);
    };
    if (typeof timer.id !== 'string' || timer.id === '') refuse('its id is empty');
    if (!Number.isFinite(timer.dueAt) || timer.dueAt < 0)
      refuse(`dueAt ${String(timer.dueAt)} is not a time in milliseconds since the epoch`);
    const { subject, msgId } = timer.target;
    if (!isPublishSubject(subject)) refuse(`target subject "${subject}" is not a subject one can publish to`);
    if (subject.startsWith(this.layout.streamSubjects.timers.slice(0, -1)))
      refuse(`target subject "${subject}" is a timer subject`);
    if (typeof msgId !== 'string' || msgId === '') refuse('its target has no message id');
  }
}

const EMPTY = new Uint8Array(0);

function isPublishSubject(subject: unknown): boolean {
  return (
    typeof subject === 'string' &&
    subject.split('.').every((token) => token !== '' && token !== '*' && token !== '>' && !/\s/.test(token))
  );
}

/** What the scheduler's index needs of a timer message: its headers (headers-only delivery). */
export type TimerEntry =
  | { readonly kind: 'timer'; readonly dueAt: number }
  | { readonly kind: 'tombstone' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function readTimerEntry(headers: MsgHdrs | undefined): TimerEntry {
  if (headers?.has(TIMER_HEADERS.cancelled)) return { kind: 'tombstone' };
  const due = headers?.get(TIMER_HEADERS.dueAt) ?? '';
  const dueAt = due === '' ? Number.NaN : Number(due);
  if (!Number.isFinite(dueAt)) return { kind: 'invalid', reason: `no valid ${TIMER_HEADERS.dueAt} header` };
  return { kind: 'timer', dueAt };
}

/** The target of a stored timer message, or why it has none. */
export function readTimerTarget(
  headers: MsgHdrs | undefined,
  payload: Uint8Array,
):
  | { readonly ok: true; readonly target: TimerTarget; readonly traceparent?: string }
  | { readonly ok: false; readonly reason: string } {
  const subject = headers?.get(TIMER_HEADERS.targetSubject) ?? '';
  const msgId = headers?.get(TIMER_HEADERS.targetMsgId) ?? '';
  if (!isPublishSubject(subject) || msgId === '') return { ok: false, reason: 'no valid target headers' };
  const traceparent = headers?.get(TRACEPARENT_HEADER) || undefined;
  return { ok: true, target: { subject, msgId, payload }, ...(traceparent ? { traceparent } : {}) };
}
