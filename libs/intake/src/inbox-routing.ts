/**
 * Where a command goes in the inbox: its partition (a stable hash of its run id) and its lane, a
 * start or a command from one source. The NATS layout turns these into subjects
 * (`baton.inbox.start.<partition>.<runId>`, `baton.inbox.<partition>.<source>.<runId>`), so
 * results, timer firings and cancels are never queued behind new starts, and each service may be
 * allowed to publish only its own subjects.
 */
import type { Command } from './commands';

/** Partitions of a stack unless `BATON_PARTITIONS` says otherwise; fixed when the stack is provisioned. */
export const DEFAULT_PARTITIONS = 8;
/** A partition number must stay one short subject token and a consumer name suffix. */
export const MAX_PARTITIONS = 1024;

/** Who sends a command other than a start: workers, the scheduler, ingress, or the orchestrator. */
export type InboxSource = 'result' | 'timer' | 'api' | 'run';
export const INBOX_SOURCES: readonly InboxSource[] = ['result', 'timer', 'api', 'run'];

export type InboxLane =
  { readonly kind: 'start' } | { readonly kind: 'command'; readonly source: InboxSource };

export function inboxLaneOf(command: Command): InboxLane {
  switch (command.type) {
    case 'StartRun':
      return { kind: 'start' };
    case 'TaskResult':
      return { kind: 'command', source: 'result' };
    case 'TimerFired':
      return { kind: 'command', source: 'timer' };
    case 'ResolveWait':
      return { kind: 'command', source: 'api' };
    case 'CancelRun':
      return { kind: 'command', source: command.requestedBy === 'run' ? 'run' : 'api' };
    case 'AdmitRun':
    case 'ChildRunEnded':
      return { kind: 'command', source: 'run' };
  }
}

const utf8 = new TextEncoder();

/**
 * The partition of a run: FNV-1a (32 bits) of its id's UTF-8 bytes, modulo the partition count.
 * Stable across processes and versions (every service must route a run to the same partition), and
 * cheap; run ids are UUIDs, so the spread is even.
 */
export function partitionOf(runId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(runId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** A partition count every service can agree on: a whole number from 1 to MAX_PARTITIONS. */
export function isValidPartitionCount(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_PARTITIONS;
}
