import type { EnsembleDefinition } from '@baton/model';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { startTestServer, type TestServer } from '../__fixtures__/http-test-server';
import { Outbound } from '@baton/outbound';
import { executeTask } from '../execute-task';

const TOKEN = 'tok-5ecr3t-value';

/** A local URL nobody listens on: a port that was free a moment ago. */
async function closedPortBase(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('http operation', () => {
  let server: TestServer;
  let definition: EnsembleDefinition;
  let deps: TestDeps;

  const run = (agent: string, input: unknown = {}, timeoutMs?: number) =>
    executeTask(
      taskFor(definition, agent, {
        scope: { ...taskFor(definition, agent).scope, input },
        ...(timeoutMs ? { timeoutMs } : {}),
      }),
      definition,
      deps,
    );
  const lastRequest = () => server.requests[server.requests.length - 1];

  let closedBase: string;

  beforeAll(async () => {
    server = await startTestServer();
    closedBase = await closedPortBase();
    definition = loadEnsembleFixture('http.yaml');
  });
  beforeEach(() => {
    deps = testDeps({
      API_BASE: server.baseUrl,
      CLOSED_BASE: closedBase,
      API_TOKEN: TOKEN,
      API_USER: 'ada',
      API_PASSWORD: 'pa55word',
    });
  });
  afterEach(() => deps.release());
  afterAll(() => server.close());

  it('sends a GET with the query and returns the parsed JSON body and the response status and headers', async () => {
    const outcome = await run('get-json', { page: 2 });
    expect(outcome).toMatchObject({
      ok: true,
      output: { method: 'GET', path: '/echo/items', query: { page: '2', tag: ['a', 'b'] } },
      response: { status: 200, headers: { 'content-type': 'application/json', 'x-served-by': 'test' } },
    });
  });

  it('sends an object body as JSON with its content type, and the method in upper case', async () => {
    const outcome = await run('post-json', { id: 'o-1', items: [{ sku: 'x', qty: 2 }], source: 'shop' });
    expect(outcome.ok).toBe(true);
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      body: { id: 'o-1', items: [{ sku: 'x', qty: 2 }] },
      headers: { 'content-type': 'application/json', 'x-request-source': 'shop' },
    });
  });

  it('sends a string body as it is, with the content type the config gives', async () => {
    await run('post-text', { id: 7 });
    expect(lastRequest()).toMatchObject({
      method: 'PUT',
      body: 'note for 7',
      headers: { 'content-type': 'text/plain' },
    });
  });

  it('returns a non-JSON body as text', async () => {
    expect(await run('get-text')).toMatchObject({ ok: true, output: 'hello' });
  });

  it('sends the stable Idempotency-Key of the task', async () => {
    await run('get-text');
    expect(lastRequest().headers['idempotency-key']).toBe('run-1:get-text:0');
  });

  it('resolves a relative url against the connection baseUrl and sends its bearer token and headers from env', async () => {
    await run('with-bearer');
    expect(lastRequest()).toMatchObject({
      path: '/v1/echo/me',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-client': 'baton' },
    });
  });

  it('sends basic auth built from env through the connection', async () => {
    await run('with-basic');
    expect(lastRequest().path).toBe('/echo/me');
    expect(lastRequest().headers.authorization).toBe(
      `Basic ${Buffer.from('ada:pa55word').toString('base64')}`,
    );
  });

  it('sends header auth under the header name the connection gives', async () => {
    await run('with-header-auth');
    expect(lastRequest().headers['x-api-key']).toBe(TOKEN);
  });

  it('fills an http-request template from data, keeping the type of whole placeholders', async () => {
    const outcome = await run('from-template', {
      id: 'o-9',
      amount: 1250,
      customer: { email: 'c@example.com' },
    });
    expect(outcome.ok).toBe(true);
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/echo/orders/o-9',
      headers: { 'x-customer': 'c@example.com' },
      body: { amount: 1250, note: 'order o-9 for c@example.com' },
    });
  });

  it('fails a 4xx answer with its status and code, not retryable (the base url came from env, so it is redacted)', async () => {
    const outcome = await run('status', { code: 404 });
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'http-404',
        status: 404,
        message: 'GET [redacted]/status/404 answered 404 Not Found: status 404',
      },
      retryable: false,
    });
  });

  it.each([500, 503, 408, 429])('fails a %i answer as retryable', async (code) => {
    expect(await run('status', { code })).toMatchObject({
      ok: false,
      error: { code: `http-${code}`, status: code },
      retryable: true,
    });
  });

  it('times out after the config timeout, retryable', async () => {
    expect(await run('slow')).toMatchObject({ ok: false, error: { code: 'timeout' }, retryable: true });
  });

  it('times out after the task timeout when the config has none', async () => {
    expect(await run('slow-without-timeout', {}, 50)).toMatchObject({
      ok: false,
      error: { code: 'timeout' },
      retryable: true,
    });
  });

  it('fails a refused connection as a retryable network error that names the cause', async () => {
    const outcome = await run('unreachable');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'network-error' }, retryable: true });
    expect(!outcome.ok && outcome.error.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses a relative url without a connection as a config error', async () => {
    expect(await run('relative-without-connection')).toMatchObject({
      ok: false,
      error: { code: 'invalid-config' },
      retryable: false,
    });
  });

  it('opens the connection breaker after its volume of 5xx, then defers attempts to its probe without calling the server', async () => {
    // connections.flaky.breaker: { threshold: 50, volume: 3, resetTimeout: 60s }
    for (let i = 0; i < 3; i += 1) {
      expect(await run('flaky')).toMatchObject({ error: { code: 'http-500' } });
    }
    const before = server.requests.length;
    const outcome = await run('flaky');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'circuit-open' }, retryable: true });
    const until = Date.parse((outcome as { deferredUntil: string }).deferredUntil);
    expect(until - Date.now()).toBeGreaterThan(50_000);
    expect(server.requests.length).toBe(before);
    expect(deps.breakers.state('http:flaky')).toBe('open');
  });

  it('does not count 4xx answers against the breaker', async () => {
    for (let i = 0; i < 6; i += 1) {
      expect(await run('flaky-client-error')).toMatchObject({ error: { code: 'http-400' } });
    }
    expect(deps.breakers.state('http:flaky')).toBe('closed');
  });

  it('redacts a secret from env that the server echoes back, after sending it', async () => {
    const outcome = await run('leaky-echo');
    expect(lastRequest().headers.authorization).toBe(`Token ${TOKEN}`);
    expect(outcome).toMatchObject({ ok: true, output: { headers: { authorization: 'Token [redacted]' } } });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('redacts a secret from env in the url of an error message', async () => {
    const outcome = await run('leaky-url');
    expect(lastRequest().query.token).toBe(TOKEN);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http-401' } });
    expect(!outcome.ok && outcome.error.message).toContain('token=[redacted]');
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  describe('the outbound guard', () => {
    it('refuses the metadata service, not retryable, naming the address class', async () => {
      const outcome = await run('metadata-service');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'outbound-refused' }, retryable: false });
      expect(!outcome.ok && outcome.error.message).toContain(
        '169.254.169.254 is a cloud metadata service address',
      );
    });

    it('refuses loopback unless BATON_ALLOW_HOSTS allows it, and the refusal is no remote failure', async () => {
      const allowed = deps;
      deps = testDeps({ API_BASE: server.baseUrl }, { outbound: new Outbound() });
      try {
        const before = server.requests.length;
        for (let i = 0; i < 6; i += 1) {
          expect(await run('get-json')).toMatchObject({
            ok: false,
            error: { code: 'outbound-refused' },
            retryable: false,
          });
        }
        expect(await run('local-database')).toMatchObject({ error: { code: 'outbound-refused' } });
        expect(server.requests.length).toBe(before);
        expect(deps.breakers.state(`http:${new URL(server.baseUrl).host}`)).toBe('closed');
      } finally {
        await deps.release();
        deps = allowed;
      }
    });
  });
});
