/**
 * The BullMQ peer's front process, in the place of Baton's ingress: a bare node:http server that
 * enqueues the chain's first job and answers as ingress does, so the benches drive both the same way.
 *
 * - `POST /api/ensembles/<name>/runs?wait=…` with `{ n, tag }`: enqueues a run and answers 200 with
 *   `{ id, status, output }` once its last step completed (a QueueEvents subscription, as BullMQ's
 *   `job.waitUntilFinished` does), or 202 after the wait.
 * - `POST /webhooks/bench/chain`: checks the same HMAC as ingress, enqueues the run under the
 *   delivery id (a duplicate delivery finds its job id taken and adds nothing, as Baton's dedupe
 *   does) and answers 202 `{ runId }` once Redis acknowledged the job.
 * - `GET /stats?until=<epoch ms>`: what the webhook bench counts (see `ChainStats`).
 *
 * Environment: BENCH_REDIS_URL, BENCH_BULLMQ_PREFIX, BENCH_WEBHOOK_SECRET. Prints `listening <port>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER } from '../signed-webhook';
import { answer, readBody, signatureMatches } from '../webhook-signature';
import { chainSettingsFromEnv, connectionOf, jobId, STEPS, type ChainInput, type ChainJob } from './chain';
import type { ChainStats } from './chain-stats';

const WAIT_LIMIT_MS = 60_000;
const SAMPLE_OUTPUTS = 20;

interface Waiter {
  resolve(answer: { status: string; output?: unknown; error?: unknown }): void;
}

async function main(): Promise<void> {
  const settings = chainSettingsFromEnv(process.env);
  const secret = process.env.BENCH_WEBHOOK_SECRET ?? '';
  const connection = connectionOf(settings);
  const queues = Object.fromEntries(
    STEPS.map((step) => [step, new Queue(step, { connection, prefix: settings.prefix })]),
  ) as Record<(typeof STEPS)[number], Queue>;
  const last = STEPS[STEPS.length - 1];
  const events = STEPS.map((step) => new QueueEvents(step, { connection, prefix: settings.prefix }));
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
  const waiters = new Map<string, Waiter>();
  let enqueued = 0;

  const settle = (runId: string, result: Parameters<Waiter['resolve']>[0]) => {
    waiters.get(runId)?.resolve(result);
    waiters.delete(runId);
  };
  events[STEPS.length - 1].on('completed', ({ jobId: id, returnvalue }) => {
    settle(id.slice(0, -(last.length + 1)), { status: 'completed', output: returnvalue });
  });
  events.forEach((queueEvents, index) =>
    queueEvents.on('failed', ({ jobId: id, failedReason }) => {
      settle(id.slice(0, -(STEPS[index].length + 1)), { status: 'failed', error: failedReason });
    }),
  );

  const enqueue = async (runId: string, input: ChainInput) => {
    const data: ChainJob = { runId, input, outputs: {} };
    await queues.parse.add('parse', data, { jobId: jobId(runId, 'parse') });
    enqueued++;
  };

  const startAndWait = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const input = JSON.parse((await readBody(request))?.toString() ?? 'null') as ChainInput;
    const runId = randomUUID();
    const ended = new Promise<Parameters<Waiter['resolve']>[0] | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), url.searchParams.has('wait') ? WAIT_LIMIT_MS : 0);
      waiters.set(runId, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
      });
    });
    await enqueue(runId, input);
    const result = await ended;
    waiters.delete(runId);
    if (result === undefined) return answer(response, 202, { runId });
    answer(response, 200, { id: runId, ...result });
  };

  const webhook = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    if (body === undefined) return answer(response, 413, { error: { code: 'body_too_large' } });
    if (!signatureMatches(secret, body, request.headers[SIGNATURE_HEADER])) {
      return answer(response, 401, { error: { code: 'bad_signature' } });
    }
    const delivery = request.headers[DELIVERY_ID_HEADER];
    const runId = typeof delivery === 'string' && delivery !== '' ? delivery : randomUUID();
    await enqueue(runId, JSON.parse(body.toString()) as ChainInput);
    answer(response, 202, { runId });
  };

  const stats = async (url: URL): Promise<ChainStats> => {
    const until = Number(url.searchParams.get('until') ?? Date.now());
    const completedKey = `${settings.prefix}:${last}:completed`;
    const [completedBy, lastFinished, counts, sample] = await Promise.all([
      redis.zcount(completedKey, '-inf', until),
      redis.zrange(completedKey, -1, -1, 'WITHSCORES'),
      Promise.all(STEPS.map((step) => queues[step].getJobCounts())),
      queues[last].getJobs(['completed'], 0, SAMPLE_OUTPUTS - 1),
    ]);
    return {
      enqueued,
      completed: counts[STEPS.length - 1].completed ?? 0,
      completedBy,
      lastFinishedAt: lastFinished.length === 2 ? Number(lastFinished[1]) : undefined,
      unfinished: counts.reduce(
        (sum, c) =>
          sum + (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0),
        0,
      ),
      failed: counts.reduce((sum, c) => sum + (c.failed ?? 0), 0),
      sampleOutputs: sample.map((job) => job.returnvalue as unknown),
    };
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route =
      request.method === 'POST' && /^\/api\/ensembles\/[^/]+\/runs$/.test(url.pathname)
        ? startAndWait(request, response, url)
        : request.method === 'POST' && url.pathname === '/webhooks/bench/chain'
          ? webhook(request, response)
          : request.method === 'GET' && url.pathname === '/stats'
            ? stats(url).then((body) => answer(response, 200, body))
            : Promise.resolve(answer(response, 404, { error: { code: 'not_found' } }));
    route.catch((error: Error) =>
      answer(response, 500, { error: { code: 'internal', message: error.message } }),
    );
  });
  server.keepAliveTimeout = 65_000;
  await Promise.all([...Object.values(queues), ...events].map((each) => each.waitUntilReady()));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.all([...Object.values(queues), ...events].map((each) => each.close()))
      .then(() => redis.quit())
      .then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`bullmq chain producer failed: ${error.message}\n`);
    process.exit(1);
  });
}
