/**
 * How fast a run's state is rebuilt from its log: fold a 10,000-event run from scratch (the
 * orchestrator does this whenever it loads a run). The mix is what a big run writes: plain agents
 * scheduled, succeeded and setting state, a few retries, and loops over many items. The baseline
 * is the least a fold could do with the same events: count agent statuses in a Map.
 */
import type { RunEvent } from '../src/events';
import { foldEvents } from '../src/evolve';

export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly baselineOpsPerSec: number;
  readonly ratio: number;
  readonly target?: number;
  readonly unit?: string;
}

const EVENT_COUNT = 10_000;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

/** A completed run: 40 plain agents (every 7th retried once), 19 loops of 250 items, state updates to make up 10,000 events. */
export function realisticRun(total = EVENT_COUNT): RunEvent[] {
  const events: RunEvent[] = [];
  const push = (type: RunEvent['type'], data: unknown) => {
    const seq = events.length + 1;
    events.push({
      type,
      version: 1,
      runId: 'bench-run',
      seq,
      at: new Date(T0 + seq).toISOString(),
      causationId: `c-${seq}`,
      data,
    } as RunEvent);
  };
  const plain = Array.from({ length: 40 }, (_, i) => `step-${i}`);
  const loops = Array.from({ length: 19 }, (_, i) => `each-${i}`);
  push('RunRequested', {
    ensemble: 'bench',
    revision: 1,
    input: { order: 1 },
    trigger: { type: 'manual' },
    agents: [...plain, ...loops],
  });
  push('RunStarted', {});
  for (const [i, agent] of plain.entries()) {
    const taskId = `bench-run:${agent}:0:1`;
    push('AgentScheduled', { agent, iteration: 0, attempt: 1, taskId });
    if (i % 7 === 0) {
      push('AgentFailed', {
        agent,
        iteration: 0,
        attempt: 1,
        taskId,
        error: { code: 'http', message: '502', status: 502 },
        final: false,
      });
      push('AgentRetryScheduled', {
        agent,
        iteration: 0,
        attempt: 2,
        delayMs: 1000,
        dueAt: new Date(T0).toISOString(),
      });
      push('AgentScheduled', { agent, iteration: 0, attempt: 2, taskId: `bench-run:${agent}:0:2` });
      push('AgentSucceeded', {
        agent,
        iteration: 0,
        attempt: 2,
        taskId: `bench-run:${agent}:0:2`,
        output: { id: i, ok: true },
      });
    } else {
      push('AgentSucceeded', { agent, iteration: 0, attempt: 1, taskId, output: { id: i, ok: true } });
    }
    push('StateUpdated', { agent, changes: { [`key${i % 10}`]: i } });
  }
  const itemsPerLoop = 250;
  const items = Array.from({ length: itemsPerLoop }, (_, k) => ({ sku: `p-${k}`, qty: k % 5 }));
  for (const agent of loops) {
    // Items run ten at a time, as with loop.concurrency 10.
    for (let start = 0; start < itemsPerLoop; start += 10) {
      const end = Math.min(itemsPerLoop, start + 10);
      for (let k = start; k < end; k += 1) {
        push('AgentScheduled', {
          agent,
          iteration: k,
          attempt: 1,
          taskId: `bench-run:${agent}:${k}:1`,
          item: items[k],
          ...(k === 0 ? { items } : {}),
        });
      }
      for (let k = start; k < end; k += 1) {
        push('AgentSucceeded', {
          agent,
          iteration: k,
          attempt: 1,
          taskId: `bench-run:${agent}:${k}:1`,
          output: [{ quantity: k }],
        });
      }
    }
  }
  while (events.length < total - 1)
    push('StateUpdated', { agent: 'step-0', changes: { filler: events.length } });
  push('RunCompleted', { output: { ok: true } });
  return events;
}

/** The least work a fold could do: count each agent's latest status. */
function baselineFold(events: readonly RunEvent[]): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const event of events) {
    const agent = (event.data as { agent?: string }).agent;
    if (agent !== undefined) statuses.set(agent, event.type);
  }
  return statuses;
}

/** Folds per second, measured over about `ms` milliseconds after a warm-up. */
function rate(fold: () => unknown, ms = 1000): number {
  for (let i = 0; i < 20; i += 1) fold();
  let folds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    fold();
    folds += 1;
    elapsed = performance.now() - start;
  }
  return (folds * 1000) / elapsed;
}

export async function run(): Promise<BenchResult[]> {
  const events = realisticRun();
  const state = foldEvents(events);
  if (state.status !== 'completed' || state.seq !== EVENT_COUNT)
    throw new Error('the bench run does not fold to a completed run');
  const eventsPerSec = rate(() => foldEvents(events)) * events.length;
  const baselinePerSec = rate(() => baselineFold(events)) * events.length;
  return [
    {
      name: 'engine: fold a 10,000-event run from scratch (events/s)',
      opsPerSec: eventsPerSec,
      baselineOpsPerSec: baselinePerSec,
      ratio: eventsPerSec / baselinePerSec,
      target: 1_000_000,
      unit: 'events/s',
    },
  ];
}
