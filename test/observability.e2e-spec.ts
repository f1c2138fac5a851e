/**
 * Operating Baton: one trace per run across the real services (exported over OTLP/HTTP to a local
 * collector), Baton's metrics on each /metrics, run and trace ids on every log line of a run, and
 * /readyz following NATS. The stack runs against a private nats-server this suite stops and starts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startOtlpCollector,
  SPAN_KIND,
  type CollectedSpan,
  type OtlpCollector,
} from './support/otlp-collector';
import { ROOT, waitFor } from './support/processes';
import { hexHmac } from './support/signing';
import { SERVICES, startStack, type ServiceName, type Stack } from './support/stack';

const WEBHOOK_SECRET = 'obs-webhook-secret-5d1c0e';
/** Sent in the query and a header of every http call: must appear in no span and no log line. */
const REMOTE_KEY = 'obs-remote-key-canary-7e42a9';

/**
 * The spans one run's trace must hold: one per service that handles it, the worker's HTTP client
 * span below its attempt, and the notifier's delivery of the run's end with its HTTP client span.
 */
const EXPECTED_SPANS: ReadonlyArray<{ service: string; kind: number; name?: RegExp; attributes?: object }> = [
  {
    service: 'ingress',
    kind: SPAN_KIND.server,
    name: /^POST \/webhooks\/\*$/,
    attributes: { 'http.route': '/webhooks/*' },
  },
  // The inbox is partitioned: a run's commands and its start come through its partition's consumers.
  { service: 'orchestrator', kind: SPAN_KIND.consumer, name: /^process orchestrator(-start)?-\d+$/ },
  {
    service: 'worker',
    kind: SPAN_KIND.consumer,
    name: /^process worker-http$/,
    attributes: { 'baton.agent': 'lookup' },
  },
  { service: 'worker', kind: SPAN_KIND.client, attributes: { 'http.request.method': 'GET' } },
  { service: 'worker', kind: SPAN_KIND.client, attributes: { 'db.system.name': 'postgresql' } },
  { service: 'projector', kind: SPAN_KIND.consumer, name: /^process projector$/ },
  { service: 'notifier', kind: SPAN_KIND.consumer, name: /^process notifier$/ },
  { service: 'notifier', kind: SPAN_KIND.consumer, name: /^process notifier-deliveries$/ },
  { service: 'notifier', kind: SPAN_KIND.client, attributes: { 'http.request.method': 'POST' } },
];

let collector: OtlpCollector;
let remote: Server;
let flaky: Server;
let stack: Stack;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function sendWebhook(sku: string): Promise<string> {
  const body = JSON.stringify({ sku });
  const response = await fetch(`${stack.baseUrl}/webhooks/obs/traced`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-signature': hexHmac(WEBHOOK_SECRET, body) },
    body,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { runId: string }).runId;
}

function traceOf(traceId: string): CollectedSpan[] {
  return collector.spans.filter((span) => span.traceId === traceId);
}

/** Every expected span is there and every parent named is a span of the trace. */
function completeTrace(traceId: string): CollectedSpan[] | undefined {
  const spans = traceOf(traceId);
  const ids = new Set(spans.map((span) => span.spanId));
  const allThere = EXPECTED_SPANS.every((expected) => spans.some((span) => matches(span, expected)));
  const linked = spans.every((span) => span.parentSpanId === undefined || ids.has(span.parentSpanId));
  return allThere && linked ? spans : undefined;
}

function matches(span: CollectedSpan, expected: (typeof EXPECTED_SPANS)[number]): boolean {
  return (
    span.service === expected.service &&
    span.kind === expected.kind &&
    (expected.name === undefined || expected.name.test(span.name)) &&
    Object.entries(expected.attributes ?? {}).every(([key, value]) => span.attributes[key] === value)
  );
}

function ancestors(span: CollectedSpan, spans: readonly CollectedSpan[]): CollectedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: CollectedSpan[] = [];
  for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
    chain.push(parent);
  }
  return chain;
}

async function scrape(name: ServiceName): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${stack.services[name].healthPort}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series (labels in any order), 0 when absent. */
/** The sum of the series of `metric` whose labels match (a RegExp matches a label's value). */
function sample(text: string, metric: string, labels: Record<string, string | RegExp> = {}): number {
  const matches = (line: string, key: string, value: string | RegExp) =>
    typeof value === 'string'
      ? line.includes(`${key}="${value}"`)
      : new RegExp(`${key}="${value.source}"`).test(line);
  return text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith(`${metric}{`) && Object.entries(labels).every(([key, value]) => matches(l, key, value)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function logLines(name: ServiceName): Array<Record<string, unknown>> {
  return readFileSync(stack.services[name].logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  collector = await startOtlpCollector();
  remote = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ price: 42 }));
    request.resume();
  });
  flaky = createServer((request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}');
    request.resume();
  });
  const [remoteUrl, flakyUrl] = await Promise.all([listen(remote), listen(flaky)]);
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/observability/ensembles'),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OBS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OBS_REMOTE_URL: remoteUrl,
      OBS_FLAKY_URL: flakyUrl,
      OBS_REMOTE_KEY: REMOTE_KEY,
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await collector?.close();
  remote?.close();
  flaky?.close();
});

describe('one trace per run', () => {
  let runId: string;
  let traceId: string;

  beforeAll(async () => {
    runId = await sendWebhook('A-1');
    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    traceId = run.traceId;
  }, 90_000);

  it("is the run's traceId in GET /api/runs/<id>", () => {
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('joins ingress, orchestrator, worker (with its HTTP and SQL client spans) and projector, parent links intact', async () => {
    const spans = await waitFor('the whole trace to be exported', async () => completeTrace(traceId), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const roots = spans.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => [span.service, span.kind])).toEqual([['ingress', SPAN_KIND.server]]);
    const client = spans.find((span) => matches(span, EXPECTED_SPANS[3]));
    const attempt = spans.find((span) => matches(span, EXPECTED_SPANS[2]));
    expect(client && attempt && ancestors(client, spans)).toContain(attempt);
    const query = spans.find((span) => matches(span, EXPECTED_SPANS[4]));
    const queryAttempt = query && ancestors(query, spans).find((s) => s.name === 'process worker-data');
    expect(queryAttempt?.attributes['baton.agent']).toBe('audit');
    // Each service continues from the span that published to it: the attempt descends from a decision.
    expect(attempt && ancestors(attempt, spans).some((s) => s.service === 'orchestrator')).toBe(true);
    expect(attempt?.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'baton.task.http',
      'messaging.operation.type': 'process',
      'baton.run_id': runId,
      'baton.ensemble': 'traced',
      'baton.agent': 'lookup',
      'baton.attempt': 1,
    });
    const decisions = spans.filter((span) => matches(span, EXPECTED_SPANS[1]));
    expect(decisions.every((span) => span.attributes['baton.run_id'] === runId)).toBe(true);
  });

  it('roots a queue-started run in a trace of its own, linked to the attempt that sent it', async () => {
    const followUp = await waitFor('the follow-up run to complete', async () => {
      const { body } = await stack.api('/api/runs?ensemble=obs-follow-up');
      return body.runs?.find((run: { status: string }) => run.status === 'completed');
    });
    const { body: run } = await stack.api(`/api/runs/${followUp.id}`);
    expect(run.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.traceId).not.toBe(traceId);
    const root = await waitFor('the follow-up trace root', async () =>
      traceOf(run.traceId).find((span) => span.parentSpanId === undefined),
    );
    expect(root.links.map((link) => link.traceId)).toContain(traceId);
  });

  it('puts no secret into any exported span', () => {
    const exported = collector.bodies.join('\n');
    expect(exported).not.toContain(REMOTE_KEY);
    expect(exported).not.toContain(WEBHOOK_SECRET);
  });

  it('writes the run id and trace id on every log line about the run, and no secret', () => {
    for (const name of SERVICES) {
      const lines = logLines(name).filter((line) => line.runId === runId);
      for (const line of lines)
        expect({ name, line: line.msg, traceId: line.traceId }).toEqual({ name, line: line.msg, traceId });
      expect(readFileSync(stack.services[name].logFile, 'utf8')).not.toContain(REMOTE_KEY);
    }
    const activity = logLines('orchestrator').filter((line) => line.runId === runId && line.activity);
    expect(activity.map((line) => [line.activity, line.status])).toEqual([
      ['run-started', undefined],
      ['run-ended', 'completed'],
    ]);
  });
});

describe("Baton's metrics", () => {
  it('count runs, decisions, attempts, handled messages, backlogs and requests on each service', async () => {
    const [ingress, orchestrator, worker, scheduler, projector] = await Promise.all(SERVICES.map(scrape));
    expect(
      sample(ingress, 'baton_http_requests_total', { route: '/webhooks/*', status: '202' }),
    ).toBeGreaterThan(0);
    expect(sample(orchestrator, 'baton_runs_started_total', { ensemble: 'traced' })).toBeGreaterThan(0);
    expect(
      sample(orchestrator, 'baton_runs_ended_total', { ensemble: 'traced', status: 'completed' }),
    ).toBeGreaterThan(0);
    expect(
      sample(orchestrator, 'baton_message_handling_duration_seconds_count', {
        consumer: /orchestrator(-start)?-\d+/,
        outcome: 'ack',
      }),
    ).toBeGreaterThan(0);
    expect(orchestrator).toMatch(/baton_consumer_pending_messages\{[^}]*consumer="orchestrator-\d+"/);
    expect(
      sample(worker, 'baton_agent_attempts_total', { operation: 'http', outcome: 'succeeded' }),
    ).toBeGreaterThan(0);
    expect(
      sample(worker, 'baton_agent_attempt_duration_seconds_count', {
        operation: 'http',
        outcome: 'succeeded',
      }),
    ).toBeGreaterThan(0);
    expect(worker).toMatch(/baton_consumer_pending_messages\{[^}]*consumer="worker-http"/);
    expect(scheduler).toMatch(/^baton_timers_pending\{service="scheduler"\} \d+/m);
    expect(
      sample(projector, 'baton_messages_handled_total', { consumer: 'projector', outcome: 'ack' }),
    ).toBeGreaterThan(0);
  });

  it('follow a circuit breaker that opens, and the run that fails behind it', async () => {
    const { body } = await stack.api('/api/ensembles/flaky/runs', { body: { n: 1 } });
    const run = await stack.ended(body.runId);
    expect(run.status).toBe('failed');
    const worker = await scrape('worker');
    const breaker = 'http:flaky'; // the connection's breaker
    expect(sample(worker, 'baton_breaker_transitions_total', { breaker, state: 'open' })).toBeGreaterThan(0);
    expect(
      sample(worker, 'baton_agent_attempts_total', { operation: 'http', outcome: 'failed' }),
    ).toBeGreaterThan(0);
    expect(
      sample(await scrape('orchestrator'), 'baton_runs_ended_total', { ensemble: 'flaky', status: 'failed' }),
    ).toBe(1);
    expect(
      logLines('worker').some((line) => line.activity === 'breaker-changed' && line.breaker === breaker),
    ).toBe(true);
  });
});

describe('/readyz', () => {
  async function readiness(name: ServiceName): Promise<{ code: number; failed?: string[] }> {
    const response = await fetch(`http://127.0.0.1:${stack.services[name].healthPort}/readyz`);
    return { ...((await response.json()) as { failed?: string[] }), code: response.status };
  }

  it('turns unready on every service while NATS is away, and ready again once it is back', async () => {
    await stack.nats.stop();
    for (const name of SERVICES) {
      const answer = await waitFor(`${name} to notice NATS is gone`, async () => {
        const ready = await readiness(name);
        return ready.code === 503 ? ready : undefined;
      });
      expect(answer.failed).toContain('nats');
    }
    await stack.nats.start();
    for (const name of SERVICES) {
      await waitFor(`${name} to be ready again`, async () => (await readiness(name)).code === 200, {
        timeoutMs: 30_000,
      });
    }
  }, 90_000);
});
