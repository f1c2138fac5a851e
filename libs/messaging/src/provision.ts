import { StorageType, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { nanos } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import {
  type ConsumerPlacement,
  DEFAULTS,
  type LayoutSettingsOptions,
  type StreamSettings,
  consumerSettings,
  streamSettings,
} from './layout-settings';
import { checkPartitions, provisionedPartitions, retireSingleInbox } from './inbox-partitions';
import { migrateLegacyTimers } from './legacy-timers';
import { MessagingError } from './messaging-error';
import { type NatsLayout, natsLayout } from './nats-layout';

export type ProvisionOptions = LayoutSettingsOptions;

/**
 * Creates or reconciles everything of the layout. Idempotent and safe to run from every replica at
 * once: a create of an identical stream or consumer succeeds, and a name already in use with other
 * settings is updated to ours. Resolves with the layout's names.
 *
 * Refuses (MessagingError) a partition count other than the stack's (`partition-mismatch`), and a
 * stack of the single-inbox layout whose consumer still holds commands (`old-layout-pending`).
 */
export async function provision(nc: NatsConnection, options: ProvisionOptions = {}): Promise<NatsLayout> {
  return provisionOnce(nc, options).catch((error: unknown) => {
    // A user without the rights is refused at its first call, whichever step that is.
    if (error instanceof MessagingError) throw error;
    throw provisionFailure('the layout', error);
  });
}

async function provisionOnce(nc: NatsConnection, options: ProvisionOptions): Promise<NatsLayout> {
  const layout = natsLayout(options);
  const replicas = options.replicas ?? 1;
  const jsm = await jetstreamManager(nc);
  await retireSingleInbox(jsm, layout);
  const streams = streamSettings(layout, options);
  const timers = streams.filter((settings) => settings.name === layout.streams.timers);
  await Promise.all([
    ...streams
      .filter((settings) => !timers.includes(settings))
      .map((settings) => ensureStream(jsm, settings)),
    // A work-queue BATON_TIMERS of an older Baton is moved into the timer store first.
    migrateLegacyTimers(nc, jsm, layout, async () => {
      await Promise.all(timers.map((settings) => ensureStream(jsm, settings)));
    }),
  ]);
  await checkPartitions(jsm, layout);
  await Promise.all([
    ...consumerSettings(layout, options).map((placement) => ensureConsumer(jsm, placement)),
    ensureBucket(nc, jsm, layout.buckets.ensembles, { history: DEFAULTS.ensembleHistory, ttl: 0, replicas }),
    ensureBucket(nc, jsm, layout.buckets.dedupe, { history: 1, ttl: DEFAULTS.dedupeTtlMs, replicas }),
    ensureBucket(nc, jsm, layout.buckets.waits, { history: 1, ttl: 0, replicas }),
    ensureBucket(nc, jsm, layout.buckets.concurrency, { history: 1, ttl: 0, replicas }),
    ensureBucket(nc, jsm, layout.buckets.kv, { history: 1, ttl: 0, replicas }),
    ensureBucket(nc, jsm, layout.buckets.leases, { history: 1, ttl: 0, replicas }),
    ensureBucket(nc, jsm, layout.buckets.keys, { history: 1, ttl: 0, replicas }),
    ensureObjectStore(nc, layout.buckets.artifacts, replicas),
  ]);
  // Two services provisioning an empty stack at once with different counts: one of them learns it here.
  await checkPartitions(jsm, layout);
  return layout;
}

async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  try {
    await jsm.streams.add(settings);
  } catch (error) {
    if (!hasApiCode(error, API_CODES.StreamNameInUse))
      throw provisionFailure(`stream ${settings.name}`, error);
    const { name: _name, retention: _retention, storage: _storage, ...updatable } = settings;
    await jsm.streams.update(settings.name, updatable).catch((updateError: unknown) => {
      throw provisionFailure(
        `stream ${settings.name} (its retention or storage may differ from the layout's)`,
        updateError,
      );
    });
  }
}

async function ensureConsumer(jsm: JetStreamManager, { stream, config }: ConsumerPlacement): Promise<void> {
  const name = config.durable_name;
  try {
    // Servers before 2.10 treat a create of an existing durable as an update of its mutable fields.
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (
      !hasApiCode(error, API_CODES.ConsumerAlreadyExists) &&
      !hasApiCode(error, API_CODES.ConsumerNameExists)
    ) {
      throw provisionFailure(`consumer ${name} on ${stream}`, error);
    }
    const { ack_wait, max_deliver, max_ack_pending } = config;
    await jsm.consumers
      .update(stream, name, { ack_wait, max_deliver, max_ack_pending })
      .catch((updateError: unknown) => {
        throw provisionFailure(`consumer ${name} on ${stream}`, updateError);
      });
  }
}

async function ensureBucket(
  nc: NatsConnection,
  jsm: JetStreamManager,
  bucket: string,
  wanted: { history: number; ttl: number; replicas: number },
): Promise<void> {
  try {
    // Kvm.create opens a bucket that exists as it is, so settings changed since are reconciled below.
    const kv = await new Kvm(nc).create(bucket, { ...wanted, storage: StorageType.File });
    const status = await kv.status();
    if (
      status.history !== wanted.history ||
      status.ttl !== wanted.ttl ||
      status.streamInfo.config.num_replicas !== wanted.replicas
    ) {
      await jsm.streams.update(status.streamInfo.config.name, {
        max_msgs_per_subject: wanted.history,
        max_age: nanos(wanted.ttl),
        num_replicas: wanted.replicas,
      });
    }
  } catch (error) {
    throw provisionFailure(`key-value bucket ${bucket}`, error);
  }
}

async function ensureObjectStore(nc: NatsConnection, bucket: string, replicas: number): Promise<void> {
  try {
    await new Objm(nc).create(bucket, { storage: StorageType.File, replicas });
  } catch (error) {
    throw provisionFailure(`object store ${bucket}`, error);
  }
}

function provisionFailure(what: string, cause: unknown): MessagingError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const hint = /permission/i.test(reason)
    ? ' (this NATS user may not create or update streams: run `baton provision` with the provisioning user, and set BATON_PROVISION=off on the services)'
    : '';
  return new MessagingError('provision-failed', `Could not provision ${what}: ${reason}${hint}`, { cause });
}

/** Every stream of the layout, with the buckets' and the object store's, by name. */
export function layoutStreamNames(layout: NatsLayout): string[] {
  return [
    ...Object.values(layout.streams),
    ...Object.entries(layout.buckets).map(([key, bucket]) =>
      key === 'artifacts' ? `OBJ_${bucket}` : `KV_${bucket}`,
    ),
  ];
}

/**
 * What a service does instead of provisioning when its NATS user may not (`BATON_PROVISION=off`):
 * reads (never writes) that every stream, bucket and the object store of the layout exist and that
 * the inbox has this service's partition count. Rejects with `not-provisioned` naming what is
 * missing and `baton provision`; a missing durable consumer is reported when the service binds it.
 */
export async function checkLayout(
  nc: NatsConnection,
  options: LayoutSettingsOptions = {},
): Promise<NatsLayout> {
  const layout = natsLayout(options);
  const jsm = await jetstreamManager(nc);
  const missing: string[] = [];
  for (const name of layoutStreamNames(layout)) {
    await jsm.streams.info(name).catch((error: unknown) => {
      if (!hasApiCode(error, API_CODES.StreamNotFound)) throw error;
      missing.push(name);
    });
  }
  if (missing.length > 0) {
    throw new MessagingError(
      'not-provisioned',
      `NATS is not provisioned for Baton (missing: ${missing.join(', ')}): run \`baton provision\` ` +
        'with the provisioning user first (compose and Kubernetes run it as a one-shot service / Job)',
    );
  }
  await checkPartitions(jsm, layout);
  if ((await provisionedPartitions(jsm, layout)).length === 0) {
    throw new MessagingError(
      'not-provisioned',
      `${layout.streams.inbox} has no orchestrator consumers: run \`baton provision\` with the provisioning user first`,
    );
  }
  return layout;
}

/** `BATON_PROVISION`: `auto` provisions at start (local use, tests), `off` only checks (least-privilege users). */
export type ProvisionMode = 'auto' | 'off';

/** What every service does with the layout when it starts: provision it, or check it was. */
export async function prepareLayout(
  nc: NatsConnection,
  mode: ProvisionMode,
  options: ProvisionOptions = {},
): Promise<NatsLayout> {
  return mode === 'auto' ? provision(nc, options) : checkLayout(nc, options);
}

/**
 * Deletes every stream, bucket and object store of a prefixed layout (test suites and throw-away
 * installations). Refuses the unprefixed production names.
 */
export async function removeLayout(nc: NatsConnection, options: { readonly prefix: string }): Promise<void> {
  if (options.prefix === '') {
    throw new MessagingError(
      'invalid-prefix',
      'removeLayout needs a non-empty prefix: it never deletes the production layout',
    );
  }
  const layout = natsLayout(options);
  const jsm = await jetstreamManager(nc);
  const names = [
    ...layoutStreamNames(layout),
    // Left only by a move of legacy timers that did not finish (legacy-timers.ts).
    `${layout.streams.timers}_LEGACY`,
  ];
  await Promise.all(
    names.map((name) =>
      jsm.streams.delete(name).catch((error: unknown) => {
        if (!hasApiCode(error, API_CODES.StreamNotFound)) throw error;
      }),
    ),
  );
}
