/**
 * Issue 17's canary: one secret used in an http header and a query string, transformed by
 * expressions (upper, slice, split, concatenation, halves), encoded by a code step (base64,
 * reversed, `'Basic ' + base64('u:' + secret)`), thrown in an error and put in the run's output.
 * The local server shows it was sent; then every stream message, a pg_dump of both databases,
 * every log line and every API response are searched for it in each of those encodings: found
 * nowhere.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, ROOT, waitFor, type Database } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { everyStreamMessage } from './support/stream-messages';

// 32 characters: two 16-character halves, a '-' for split.
const CANARY = `cnry-${randomBytes(14).toString('hex').slice(0, 27)}`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The encodings the canary must not appear in, by name. */
const ENCODINGS: ReadonlyArray<readonly [string, string]> = [
  ['plain', CANARY],
  ['upper', CANARY.toUpperCase()],
  ['base64', base64(CANARY).replace(/=+$/, '')],
  ['base64url', base64(CANARY).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')],
  ['reversed', [...CANARY].reverse().join('')],
  ['first half', CANARY.slice(0, 16)],
  ['second half', CANARY.slice(16)],
  ['basic auth', `Basic ${base64(`u:${CANARY}`)}`],
];

interface Received {
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

let stack: Stack;
let dataDatabase: Database;
let echo: Server;
const received: Received[] = [];
/** Every API answer the test saw, as text. */
const responses: string[] = [];

async function api(path: string, init?: Parameters<Stack['api']>[1]) {
  const answer = await stack.api(path, init);
  responses.push(`${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

beforeAll(async () => {
  echo = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ url: request.url ?? '', headers: request.headers, body });
      // A server that echoes what it got: the worker must mask it on the way back too.
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-echo': String(request.headers['x-canary']),
      });
      response.end(
        JSON.stringify({ url: request.url, headers: request.headers, body: JSON.parse(body || 'null') }),
      );
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  dataDatabase = await createDatabase('baton_e2e_canary_data');
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/canary'),
    only: ['ingress', 'orchestrator', 'worker', 'projector', 'notifier', 'scheduler'],
    env: {
      CANARY,
      CANARY_ECHO_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
      DATA_DATABASE_URL: dataDatabase.url,
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await dataDatabase?.dispose();
  await new Promise((resolve) => echo?.close(resolve));
});

describe('a canary secret', () => {
  let runId: string;

  beforeAll(async () => {
    const started = await api('/api/ensembles/canary/runs?wait=60s', { body: { order: 'o-1' } });
    runId = started.body.runId ?? started.body.id;
    await waitFor(
      `run ${runId} projected as ended`,
      async () => {
        const { body } = await api(`/api/runs/${runId}`);
        return body.status === 'completed' || body.status === 'failed' ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }, 120_000);

  it('was sent where the definition sends it: the header, the query string and the body', () => {
    const request = received.at(-1);
    expect(request?.headers['x-canary']).toBe(CANARY);
    expect(request?.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(request?.url).toBe(`/echo?token=${CANARY}`);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      upper: CANARY.toUpperCase(),
      slice: CANARY.slice(2),
      concat: CANARY,
      halves: [CANARY.slice(0, 16), CANARY.slice(16)],
    });
  });

  it('the run completed, with the code step failed and everything it computed redacted', async () => {
    const { body } = await api(`/api/runs/${runId}`);
    expect(body.status).toBe('completed');
    expect(body.output.rejected).toBe(true);
    expect(body.agents.reject.status).toBe('failed');
    expect(body.agents.encode.status).toBe('succeeded');
  });

  it('appears nowhere: stream messages, both databases, log lines, API responses, in any encoding', async () => {
    for (const path of [
      '/api/runs?limit=100',
      `/api/runs/${runId}`,
      `/api/runs/${runId}/events`,
      `/api/runs/${runId}/deliveries`,
      '/api/ensembles',
      '/api/ensembles/canary',
    ]) {
      await api(path);
    }
    const messages = await everyStreamMessage(stack.nats.url);
    expect(messages.some((message) => message.subject === `baton.run.${runId}`)).toBe(true);
    const dump = async (database: Database) =>
      (await promisify(execFile)('pg_dump', [database.url], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    const baton = await dump(stack.database);
    expect(baton).toContain(runId);
    const places: ReadonlyArray<readonly [string, string]> = [
      ...messages.map(
        (message) =>
          [
            `${message.stream} ${message.subject} #${message.seq}`,
            `${message.headers}\n${message.text}`,
          ] as const,
      ),
      ['pg_dump of DATABASE_URL', baton],
      ['pg_dump of DATA_DATABASE_URL', await dump(dataDatabase)],
      ...readdirSync(stack.logDir).map(
        (file) => [`log ${file}`, readFileSync(join(stack.logDir, file), 'utf8')] as const,
      ),
      ...responses.map((response, index) => [`API response ${index + 1}`, response] as const),
    ];
    expect(places.length).toBeGreaterThan(10);
    const found = places.flatMap(([where, text]) =>
      ENCODINGS.filter(([, encoded]) => text.toLowerCase().includes(encoded.toLowerCase())).map(
        ([encoding]) => `${encoding} in ${where}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
