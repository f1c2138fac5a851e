/**
 * What the Baton stack of a bench costs: the probe its drives are measured with (CPU of every
 * stack process and of its nats-server, JetStream's writes and deliveries) and its resident memory.
 * Whatever the stack is made of (five services, replicas, or one `command` such as
 * `baton start --single-process`), `stack.processes()` lists it, so these need no change.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Stack } from '../../test/support/stack';
import { combinedProbe, type CostProbe } from './drive-costs';
import { jetStreamProbe, processProbe } from './probes';
import { MIB, rssBytes } from './process-stats';

export const NATS_SERVER = 'nats-server';

/** Label → pid of every running process of the stack, nats-server included. */
export function stackProcesses(stack: Stack): Record<string, number | undefined> {
  return {
    ...Object.fromEntries(stack.processes().map((svc) => [svc.label, svc.pid])),
    [NATS_SERVER]: stack.nats.pid,
  };
}

export function stackProbe(stack: Stack, nc: NatsConnection): CostProbe {
  return combinedProbe(
    processProbe(() => stackProcesses(stack)),
    jetStreamProbe(nc),
  );
}

/** Resident memory of each process (with its descendants), in MiB, and their sum. */
export function rssMiB(processes: Readonly<Record<string, number | undefined>>): {
  readonly perProcess: Record<string, number>;
  readonly total: number;
} {
  const perProcess = Object.fromEntries(
    Object.entries(processes)
      .filter((entry): entry is [string, number] => entry[1] !== undefined)
      .map(([label, pid]) => [label, Number((rssBytes(pid) / MIB).toFixed(1))]),
  );
  const total = Object.values(perProcess).reduce((sum, mib) => sum + mib, 0);
  return { perProcess, total: Number(total.toFixed(1)) };
}
