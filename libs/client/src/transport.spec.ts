import { Baton } from './baton';
import { BatonApiError, BatonNetworkError } from './errors';
import { startScriptedServer, unusedPort, type Answer, type ScriptedServer } from './testing/scripted-server';

/**
 * How the client reads answers it cannot get from a running ingress on demand. The API calls
 * themselves are tested against a real ingress in test/client.e2e-spec.ts.
 */
let server: ScriptedServer;
let script: (index: number) => Answer;

beforeAll(async () => {
  server = await startScriptedServer((_request, index) => script(index));
});
afterAll(() => server.close());
beforeEach(() => server.requests.splice(0));

function client(options: { apiKey?: string; timeout?: number } = {}) {
  return new Baton({ url: `${server.url}/`, ...options });
}

async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('errors', () => {
  it('turns the API’s error body into a BatonApiError with status, code, message and details', async () => {
    script = () => ({
      status: 422,
      body: {
        error: { code: 'invalid_input', message: 'the input does not match', details: { errors: ['/user'] } },
      },
    });
    const error = await failure(client().start('signup', {}));
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_input',
      message: 'the input does not match',
      details: { errors: ['/user'] },
      retryable: false,
    });
  });

  it('keeps the text of an answer without an error body (a proxy’s page) as the message', async () => {
    script = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    expect(await failure(client().runs.get('r-1'))).toMatchObject({
      status: 502,
      code: 'http_502',
      message: '<html>Bad gateway</html>',
    });
  });

  it('surfaces Retry-After of a 503 in milliseconds, and marks it retryable', async () => {
    script = () => ({
      status: 503,
      body: { error: { code: 'unavailable', message: 'too many runs waiting' } },
      headers: { 'retry-after': '7' },
    });
    expect(await failure(client().start('signup'))).toMatchObject({
      status: 503,
      retryAfterMs: 7000,
      retryable: true,
    });
  });

  it('says ingress is not reachable, and where, when nothing listens', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const error = await failure(new Baton({ url }).runs.list());
    expect(error).toBeInstanceOf(BatonNetworkError);
    expect(error).toMatchObject({
      reason: 'unreachable',
      url,
      message: `Baton's ingress is not reachable at ${url}`,
    });
  });

  it('says ingress did not answer in time when the request’s timeout passes', async () => {
    script = () => 'never';
    const error = await failure(client({ timeout: 200 }).runs.get('r-1'));
    expect(error).toMatchObject({ name: 'BatonNetworkError', reason: 'timeout' });
    expect((error as Error).message).toBe(`Baton's ingress at ${server.url} did not answer within 0.2s`);
  });

  it('rethrows the caller’s own abort as it is', async () => {
    script = () => 'never';
    const controller = new AbortController();
    const call = client().runs.get('r-1', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user went away')), 50);
    expect(await failure(call)).toEqual(new Error('user went away'));
  });
});

describe('requests', () => {
  it('sends the API key as a bearer token on /api only, never with a webhook', async () => {
    script = () => ({ status: 202, body: { runId: 'r-1', duplicate: false } });
    const baton = client({ apiKey: 'k-123' });
    await baton.start('signup', { user: 1 });
    await baton.webhooks.send('/hooks/x', '{}', { scheme: 'hmac-sha256', secret: 's' });
    const [api, webhook] = server.requests;
    expect(api.headers.authorization).toBe('Bearer k-123');
    expect(webhook.url).toBe('/webhooks/hooks/x');
    expect(webhook.headers.authorization).toBeUndefined();
  });

  it('refuses a URL that is not http(s) and an API key that cannot be a header', () => {
    expect(() => new Baton({ url: 'ftp://x' })).toThrow('url must be an http(s) URL (got "ftp://x")');
    expect(() => new Baton({ url: 'http://x', apiKey: 'two words' })).toThrow(
      'apiKey must be printable ASCII',
    );
  });
});

describe('start with retry', () => {
  const refused: Answer = {
    status: 503,
    body: { error: { code: 'unavailable', message: 'NATS is unreachable; nothing was accepted' } },
    headers: { 'retry-after': '1' },
  };

  it('sends again after what Retry-After says, until ingress accepts', async () => {
    script = (index) => (index < 2 ? refused : { status: 202, body: { runId: 'r-7' } });
    expect(await client().start('signup', {}, { retry: true })).toBe('r-7');
    const [first, second, third] = server.requests.map((request) => request.at);
    expect(server.requests).toHaveLength(3);
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(third - second).toBeGreaterThanOrEqual(990);
  });

  it('gives up after its attempts with the last refusal', async () => {
    script = () => ({ ...refused, headers: { 'retry-after': '0' } });
    const error = await failure(client().start('signup', {}, { retry: { attempts: 3 } }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not send again without retry, nor after a refusal that is not temporary', async () => {
    script = () => refused;
    await failure(client().start('signup'));
    script = () => ({ status: 422, body: { error: { code: 'invalid_input', message: 'no' } } });
    await failure(client().start('signup', {}, { retry: true }));
    expect(server.requests).toHaveLength(2);
  });

  it('sends again after a cut connection only with an idempotency key, which it sends each time', async () => {
    script = (index) => (index === 0 ? 'hang-up' : { status: 202, body: { runId: 'r-8' } });
    expect(await failure(client().start('signup', {}, { retry: true }))).toBeInstanceOf(BatonNetworkError);
    server.requests.splice(0);
    expect(await client().start('signup', {}, { retry: true, idempotencyKey: 'signup-42' })).toBe('r-8');
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'signup-42',
      'signup-42',
    ]);
  });
});

describe('execute past the held request', () => {
  const run = (status: string) => ({
    id: 'r-9',
    ensemble: 'signup',
    revision: 1,
    status,
    input: {},
    output: status === 'completed' ? { ok: true } : null,
    error: null,
    agents: {},
    startedAt: '2025-01-15T09:30:00.000Z',
    finishedAt: null,
    traceId: null,
  });

  it('asks ingress to hold the start, then polls the run until it has ended', async () => {
    script = (index) =>
      index === 0
        ? { status: 202, body: { runId: 'r-9' } }
        : { status: 200, body: run(index < 3 ? 'running' : 'completed') };
    const result = await client().execute('signup', { user: 1 }, { timeout: '1m' });
    expect(result).toMatchObject({ success: true, status: 'completed', runId: 'r-9', output: { ok: true } });
    const [start, ...polls] = server.requests;
    expect(start.url).toBe('/api/ensembles/signup/runs?wait=25000ms');
    expect(polls.map((request) => request.url)).toEqual(['/api/runs/r-9', '/api/runs/r-9', '/api/runs/r-9']);
  });

  it('holds the start no longer than the timeout, and reports a run still going as not ended', async () => {
    script = (index) =>
      index === 0 ? { status: 202, body: { runId: 'r-9' } } : { status: 200, body: run('queued') };
    const result = await client().execute('signup', {}, { timeout: 300 });
    expect(server.requests[0].url).toBe('/api/ensembles/signup/runs?wait=300ms');
    expect(result).toMatchObject({
      success: false,
      status: 'queued',
      output: null,
      error: { code: 'not_ended' },
    });
  });
});
