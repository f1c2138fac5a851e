/**
 * Provisioning rules of the partitioned inbox.
 *
 * The partition count is recorded by the consumers themselves: a stack provisioned with N partitions
 * has `orchestrator-start-0` … `orchestrator-start-<N-1>` on BATON_INBOX. A service whose
 * `BATON_PARTITIONS` says otherwise would route runs to partitions nobody reads (or miss some), so
 * provisioning refuses it with a message saying what to set.
 *
 * A stack of the single-inbox layout (one `orchestrator` consumer reading `baton.inbox.<runId>`)
 * is converted once: its consumer is removed when it holds nothing; while it still holds commands,
 * provisioning refuses, since they would have no reader in the new layout.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { API_CODES, hasApiCode } from './api-error-codes';
import { MessagingError } from './messaging-error';
import { type NatsLayout, partitionOfStartConsumer } from './nats-layout';

/** The single consumer of the inbox before it had partitions. */
export const SINGLE_INBOX_CONSUMER = 'orchestrator';

/** The partitions whose start consumer exists on the inbox, sorted. */
export async function provisionedPartitions(jsm: JetStreamManager, layout: NatsLayout): Promise<number[]> {
  const partitions: number[] = [];
  for await (const info of jsm.consumers.list(layout.streams.inbox)) {
    const partition = partitionOfStartConsumer(info.name);
    if (partition !== undefined) partitions.push(partition);
  }
  return partitions.sort((a, b) => a - b);
}

/** Refuses when the inbox was provisioned with another partition count than `layout.partitions`. */
export async function checkPartitions(jsm: JetStreamManager, layout: NatsLayout): Promise<void> {
  const found = await provisionedPartitions(jsm, layout);
  if (found.length === 0) return; // not provisioned yet: this provisioning records the count
  const expected = Array.from({ length: layout.partitions }, (_, p) => p);
  if (found.length === expected.length && found.every((partition, i) => partition === expected[i])) return;
  const contiguous = found.length === found[found.length - 1] + 1;
  const recorded = contiguous ? `${found.length} partitions` : `the partitions ${found.join(', ')}`;
  throw new MessagingError(
    'partition-mismatch',
    `${layout.streams.inbox} was provisioned with ${recorded} (its consumers orchestrator-start-<p>), ` +
      `but this service has BATON_PARTITIONS=${layout.partitions}. Every service of a stack must use the ` +
      `count it was provisioned with: set BATON_PARTITIONS=${found.length}. To change the count, stop the ` +
      `stack, let the inbox drain, and delete the stream ${layout.streams.inbox} before starting again.`,
  );
}

/**
 * Removes the single-inbox layout's consumer when it holds nothing (its filter-less read of the
 * work queue would conflict with the partitions' consumers); refuses while it holds commands.
 */
export async function retireSingleInbox(jsm: JetStreamManager, layout: NatsLayout): Promise<void> {
  const stream = layout.streams.inbox;
  const info = await jsm.consumers.info(stream, SINGLE_INBOX_CONSUMER).catch((error: unknown) => {
    if (hasApiCode(error, API_CODES.ConsumerNotFound) || hasApiCode(error, API_CODES.StreamNotFound))
      return undefined;
    throw error;
  });
  if (info === undefined) return;
  const waiting = info.num_pending + info.num_ack_pending;
  if (waiting > 0) {
    throw new MessagingError(
      'old-layout-pending',
      `${stream} still holds ${waiting} commands of the previous layout (consumer ${SINGLE_INBOX_CONSUMER}), ` +
        `which the partitioned inbox would never read. Stop ingress and the scheduler, let the previous ` +
        `version's orchestrator take them until that consumer is empty, then start this version.`,
    );
  }
  await jsm.consumers.delete(stream, SINGLE_INBOX_CONSUMER).catch((error: unknown) => {
    // Another replica provisioning at the same time removed it first.
    if (!hasApiCode(error, API_CODES.ConsumerNotFound)) throw error;
  });
}
