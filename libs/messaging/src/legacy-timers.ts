/**
 * Timers written before the timer store: a JSON engine `Timer` (`{ timerId, runId, dueAt, command }`)
 * on `baton.timer.<runId>` in a work-queue BATON_TIMERS read by a `scheduler` durable consumer.
 * Provisioning moves such a stream's timers into the store; a legacy message that still arrives (an
 * older orchestrator during a rolling upgrade) is rewritten into the store by the scheduler.
 */
import type { Timer } from '@baton/engine';
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager, StreamInfo } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { inboxMessage } from './inbox';
import { decodeJson } from './json-payload';
import { MessagingError } from './messaging-error';
import type { NatsLayout } from './nats-layout';
import { type StoreTimer, TimerStore } from './timer-store';

const LEGACY_CONSUMER = 'scheduler';
const COPY_TIMEOUT_MS = 60_000;

/** The store timer a legacy message stands for, or undefined when it is no legacy timer. */
export function legacyTimer(layout: NatsLayout, data: Uint8Array): StoreTimer | undefined {
  const decoded = decodeJson<Partial<Timer>>(data);
  if (!decoded.ok) return undefined;
  const { timerId, dueAt, command } = decoded.value;
  const due = typeof dueAt === 'string' ? Date.parse(dueAt) : Number.NaN;
  if (typeof timerId !== 'string' || timerId === '' || Number.isNaN(due)) return undefined;
  if (typeof command?.runId !== 'string' || typeof command.commandId !== 'string') return undefined;
  return {
    id: timerId,
    dueAt: due,
    target: inboxMessage(layout, command),
    ...(command.traceparent ? { traceparent: command.traceparent } : {}),
  };
}

/**
 * Moves a legacy work-queue BATON_TIMERS into the timer store, then `createStore()` creates the
 * store. Resumable and safe to run from several replicas: the legacy timers are first copied into
 * `<BATON_TIMERS>_LEGACY` (a stream sourcing the old one), the old stream is deleted only once the
 * copy holds all of it, and the copy only once every timer in it is in the store.
 */
export async function migrateLegacyTimers(
  nc: NatsConnection,
  jsm: JetStreamManager,
  layout: NatsLayout,
  createStore: () => Promise<void>,
): Promise<void> {
  const name = layout.streams.timers;
  const copyName = `${name}_LEGACY`;
  const old = await streamInfo(jsm, name);
  if (old?.config.retention === RetentionPolicy.Workqueue) {
    await jsm.consumers.delete(name, LEGACY_CONSUMER).catch(ignoring(API_CODES.ConsumerNotFound));
    await jsm.streams
      .add({ name: copyName, storage: StorageType.File, num_replicas: 1, sources: [{ name }] })
      .catch(ignoring(API_CODES.StreamNameInUse));
    await copied(jsm, name, copyName);
    await jsm.streams.delete(name).catch(ignoring(API_CODES.StreamNotFound));
  }
  const copy = await streamInfo(jsm, copyName);
  await createStore();
  if (copy === undefined) return;
  const store = new TimerStore(nc, { prefix: layout.prefix });
  // The copy was written once by sourcing: its sequences have no gaps to skip.
  for (let seq = copy.state.first_seq; seq > 0 && seq <= copy.state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(copyName, { seq });
    const timer = message === null ? undefined : legacyTimer(layout, message.data);
    if (timer !== undefined) await store.schedule(timer);
  }
  await jsm.streams.delete(copyName).catch(ignoring(API_CODES.StreamNotFound));
}

async function copied(jsm: JetStreamManager, from: string, to: string): Promise<void> {
  const deadline = Date.now() + COPY_TIMEOUT_MS;
  for (;;) {
    const source = await streamInfo(jsm, from);
    const copy = await streamInfo(jsm, to);
    if (source === undefined || (copy !== undefined && copy.state.messages >= source.state.messages)) return;
    if (Date.now() > deadline) {
      throw new MessagingError(
        'provision-failed',
        `Could not provision stream ${from}: copying its timers into ${to} did not finish within ${COPY_TIMEOUT_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  return jsm.streams.info(name).catch((error: unknown) => {
    if (hasApiCode(error, API_CODES.StreamNotFound)) return undefined;
    throw error;
  });
}

/** A rejection handler that lets one expected API error pass (already done by another replica). */
function ignoring(code: number): (error: unknown) => void {
  return (error) => {
    if (!hasApiCode(error, code)) throw error;
  };
}
