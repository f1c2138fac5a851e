/**
 * What a measured drive cost, per run: CPU milliseconds of each process, messages written to each
 * stream (or commands a Redis processed) and messages each consumer was delivered. A probe takes a
 * snapshot of monotonically growing counters before and after the drive; the difference divided by
 * the runs finished shows where the next bottleneck is.
 */

/** Counters that only grow while the system runs, keyed by what they count. */
export interface CostSnapshot {
  /** CPU seconds used so far, per process label. */
  readonly cpuSeconds: Readonly<Record<string, number>>;
  /** Messages stored so far (a stream's last sequence), per stream; or commands, per Redis. */
  readonly writes: Readonly<Record<string, number>>;
  /** Messages delivered so far (redeliveries included), per consumer. */
  readonly deliveries: Readonly<Record<string, number>>;
}

export interface CostProbe {
  snapshot(): Promise<CostSnapshot>;
}

/** What several drives cost together: the counters' growth and the runs they finished. */
export interface CostDelta {
  readonly runs: number;
  readonly cpuSeconds: Readonly<Record<string, number>>;
  readonly writes: Readonly<Record<string, number>>;
  readonly deliveries: Readonly<Record<string, number>>;
}

/** The same, per run (CPU in milliseconds), as the bench rows print it in `extra.perRun`. */
export interface CostPerRun {
  readonly runs: number;
  readonly cpuMs: Record<string, number>;
  readonly cpuMsTotal: number;
  readonly writes: Record<string, number>;
  readonly writesTotal: number;
  readonly deliveries: Record<string, number>;
}

export const NO_COST: CostDelta = { runs: 0, cpuSeconds: {}, writes: {}, deliveries: {} };

/**
 * How much each counter grew. A counter absent before (a replica or stream that appeared) counts
 * from 0; one absent after (a process that exited) is left out, since its growth is unknown.
 */
function growth(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]));
}

export function costBetween(before: CostSnapshot, after: CostSnapshot, runs: number): CostDelta {
  return {
    runs,
    cpuSeconds: growth(before.cpuSeconds, after.cpuSeconds),
    writes: growth(before.writes, after.writes),
    deliveries: growth(before.deliveries, after.deliveries),
  };
}

function add(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

export function addCosts(a: CostDelta, b: CostDelta): CostDelta {
  return {
    runs: a.runs + b.runs,
    cpuSeconds: add(a.cpuSeconds, b.cpuSeconds),
    writes: add(a.writes, b.writes),
    deliveries: add(a.deliveries, b.deliveries),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Per run, keeping only what moved (a counter that did not grow says nothing about this drive). */
export function perRun(delta: CostDelta): CostPerRun {
  const per = (counters: Readonly<Record<string, number>>, scale: number, digits: number) =>
    Object.fromEntries(
      Object.entries(counters)
        .filter(([, value]) => value > 0)
        .map(([key, value]) => [key, delta.runs > 0 ? round((value * scale) / delta.runs, digits) : 0]),
    );
  const cpuMs = per(delta.cpuSeconds, 1000, 2);
  const writes = per(delta.writes, 1, 2);
  const sum = (values: Record<string, number>) => Object.values(values).reduce((s, v) => s + v, 0);
  return {
    runs: delta.runs,
    cpuMs,
    cpuMsTotal: round(sum(cpuMs), 2),
    writes,
    writesTotal: round(sum(writes), 2),
    deliveries: per(delta.deliveries, 1, 2),
  };
}

/** Runs `drive` between two snapshots; the drive says how many runs it finished. */
export async function measuredDrive<T extends { readonly runs: number }>(
  probe: CostProbe,
  drive: () => Promise<T>,
): Promise<{ result: T; cost: CostDelta }> {
  const before = await probe.snapshot();
  const result = await drive();
  const after = await probe.snapshot();
  return { result, cost: costBetween(before, after, result.runs) };
}

/** One probe made of several (Baton's processes and its NATS counters, say). */
export function combinedProbe(...probes: readonly CostProbe[]): CostProbe {
  return {
    async snapshot() {
      const snapshots = await Promise.all(probes.map((probe) => probe.snapshot()));
      return snapshots.reduce<CostSnapshot>(
        (all, one) => ({
          cpuSeconds: { ...all.cpuSeconds, ...one.cpuSeconds },
          writes: { ...all.writes, ...one.writes },
          deliveries: { ...all.deliveries, ...one.deliveries },
        }),
        { cpuSeconds: {}, writes: {}, deliveries: {} },
      );
    },
  };
}
