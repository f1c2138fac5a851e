/**
 * Issue 17's chaos test as a suite: 1,000 signed webhook deliveries at a steady rate while every
 * service is SIGKILLed in turn (and restarted), then NATS itself. A sender retries a delivery it did
 * not see answered 202, with the same delivery id, as real webhook senders do. Counted from the
 * event log afterwards: each delivery started exactly one run, each run completed exactly once, and
 * no step result was applied twice.
 */
import { join } from 'node:path';
import { decodeRunEvents, type RunEvent } from '@baton/engine';
import { ROOT, waitFor, type Service } from './support/processes';
import { readWholeStream } from './support/run-log-reader';
import { hexHmac } from './support/signing';
import { startStack, type ServiceName, type Stack } from './support/stack';

const SECRET = 'chaos-webhook-secret-5d1e';
const DELIVERIES = 1000;
/** Deliveries started per second (each then retried until accepted). */
const RATE = 40;
/** One service killed every this many ms, then NATS. */
const KILL_EVERY_MS = 3000;
const KILL_ORDER: readonly ServiceName[] = [
  'orchestrator',
  'worker',
  'ingress',
  'projector',
  'scheduler',
  'notifier',
];

let stack: Stack;

interface Accepted {
  readonly n: number;
  readonly runId: string;
  readonly attempts: number;
}

/** Sends delivery `n` until ingress answers 202 (503, a refused connection or a reset: again). */
async function deliver(n: number, deadline: number): Promise<Accepted> {
  const body = JSON.stringify({ n });
  for (let attempts = 1; ; attempts++) {
    const answer = await fetch(`${stack.baseUrl}/webhooks/chaos/deliveries`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': hexHmac(SECRET, body),
        'x-delivery-id': `chaos-${n}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    if (answer?.status === 202) {
      const { runId } = (await answer.json()) as { runId: string };
      return { n, runId, attempts };
    }
    await answer?.body?.cancel();
    if (answer !== undefined && answer.status !== 503) {
      throw new Error(`delivery ${n} answered ${answer.status}`);
    }
    if (Date.now() > deadline) throw new Error(`delivery ${n} was never accepted`);
    // Back off as senders do (250 ms doubling to 2 s, with jitter): hundreds of deliveries wait
    // while ingress restarts, and a tight loop of refused connections would starve the services.
    const backoff = Math.min(250 * 2 ** (attempts - 1), 2000);
    await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
  }
}

/**
 * Starts a killed service again, as a supervisor (Kubernetes, compose's `restart:`) would: a
 * service whose first connection to NATS fails exits, so one started while NATS is down is
 * started again until it is ready.
 */
async function restart(svc: Service, deadline: number): Promise<void> {
  for (;;) {
    try {
      await svc.start();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await svc.kill();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function runEvents(): Promise<RunEvent[]> {
  const messages = await readWholeStream(stack.nats.url, 'BATON_RUNS');
  return messages.flatMap((message) => decodeRunEvents(message.data));
}

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/chaos'),
    env: { CHAOS_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info' },
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('1,000 webhooks while every service and NATS are SIGKILLed', () => {
  let accepted: Accepted[];
  let events: RunEvent[];

  beforeAll(async () => {
    // Generous for a loaded CI box, where a service takes tens of seconds to start; on an idle
    // machine every delivery is accepted within seconds of the restarts.
    const deadline = Date.now() + 300_000;
    const sending: Array<Promise<Accepted>> = [];
    const restarts: Array<Promise<void>> = [];
    const loadStarted = Date.now();
    const chaos = (async () => {
      for (const name of KILL_ORDER) {
        await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
        const svc = stack.services[name];
        await svc.kill('SIGKILL');
        restarts.push(restart(svc, deadline));
      }
      await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
      await stack.nats.stop('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await stack.nats.start();
    })();
    for (let n = 0; n < DELIVERIES; n++) {
      // A steady rate: delivery n leaves at n / RATE seconds, whatever the answers take.
      const due = loadStarted + (n * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      sending.push(deliver(n, deadline));
    }
    await chaos;
    accepted = await Promise.all(sending);
    await Promise.all(restarts);
    const completedRuns = () => events.filter((event) => event.type === 'RunCompleted').length;
    events = [];
    await waitFor(
      `${DELIVERIES} runs completed in the log`,
      async () => {
        events = await runEvents().catch(() => events);
        return completedRuns() >= DELIVERIES || undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2000 },
    );
  }, 600_000);

  it('accepted every delivery (some after retries while ingress or NATS was down)', () => {
    expect(accepted).toHaveLength(DELIVERIES);
    expect(accepted.some((delivery) => delivery.attempts > 1)).toBe(true);
  });

  it('started exactly one run per delivery, the one its 202 named: 0 lost, 0 doubled', () => {
    const runsOfDelivery = new Map<number, string[]>();
    for (const event of events) {
      if (event.type !== 'RunRequested') continue;
      const n = (event.data.input as { body: { n: number } }).body.n;
      runsOfDelivery.set(n, [...(runsOfDelivery.get(n) ?? []), event.runId]);
    }
    const lost = accepted.filter(({ n }) => !runsOfDelivery.has(n)).map(({ n }) => n);
    const doubled = [...runsOfDelivery].filter(([, runs]) => runs.length !== 1);
    expect({ lost, doubled }).toEqual({ lost: [], doubled: [] });
    expect(accepted.filter(({ n, runId }) => runsOfDelivery.get(n)?.[0] !== runId)).toEqual([]);
  });

  it('completed each run exactly once, with each step applied once and no gap in any run log', () => {
    const byRun = new Map<string, RunEvent[]>();
    for (const event of events) byRun.set(event.runId, [...(byRun.get(event.runId) ?? []), event]);
    expect(byRun.size).toBe(DELIVERIES);
    const wrong: string[] = [];
    for (const [runId, log] of byRun) {
      const completed = log.filter((event) => event.type === 'RunCompleted');
      const succeeded = log.filter((event) => event.type === 'AgentSucceeded');
      const ends = log.filter((event) => ['RunFailed', 'RunTimedOut', 'RunCancelled'].includes(event.type));
      const seqs = log.map((event) => event.seq);
      if (completed.length !== 1 || succeeded.length !== 1 || ends.length !== 0)
        wrong.push(
          `${runId}: ${completed.length} completions, ${succeeded.length} step results, ${ends.length} other ends`,
        );
      if (seqs.some((seq, index) => seq !== index + 1)) wrong.push(`${runId}: seqs ${seqs.join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the API shows the runs completed once the read models caught up', async () => {
    const sample = accepted.filter(({ n }) => n % 100 === 0);
    for (const { runId, n } of sample) {
      const run = await waitFor(
        `run ${runId} projected`,
        async () => {
          const { body } = await stack.api(`/api/runs/${runId}`);
          return body.status === 'completed' ? body : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(run.output).toEqual({ n });
    }
  });
});
