import { startRecordingServer, type RecordingServer } from '../testing/recording-server';
import { callIngress, describeFailure, findIngress } from './ingress-client';
import { freePort } from '../testing/free-port';

describe('finding ingress', () => {
  it('takes --url first, then BATON_URL, then 127.0.0.1 at INGRESS_PORT, then port 8080', async () => {
    const env = { BATON_URL: 'http://from-env:1', INGRESS_PORT: '9000' };
    expect(await findIngress('http://flag:2/', env)).toEqual({
      ok: true,
      ingress: { baseUrl: 'http://flag:2', apiKey: undefined },
    });
    expect(await findIngress(undefined, env)).toMatchObject({ ingress: { baseUrl: 'http://from-env:1' } });
    expect(await findIngress(undefined, { INGRESS_PORT: '9000' })).toMatchObject({
      ingress: { baseUrl: 'http://127.0.0.1:9000' },
    });
    expect(await findIngress(undefined, {})).toMatchObject({ ingress: { baseUrl: 'http://127.0.0.1:8080' } });
  });

  it('carries BATON_API_KEY', async () => {
    expect(await findIngress(undefined, { BATON_API_KEY: 'k-1' })).toMatchObject({
      ingress: { apiKey: 'k-1' },
    });
  });

  it('refuses a URL that is not http(s) and an INGRESS_PORT that is not a port, naming the variable', async () => {
    expect(await findIngress('ftp://x', {})).toEqual({
      ok: false,
      message: "--url must be an http(s) URL (got 'ftp://x')",
    });
    expect(await findIngress(undefined, { BATON_URL: 'nope' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('BATON_URL'),
    });
    expect(await findIngress(undefined, { INGRESS_PORT: 'abc' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('INGRESS_PORT'),
    });
  });
});

describe('calling ingress', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer((request) =>
      request.url === '/missing'
        ? { status: 404, body: { error: { code: 'not_found', message: "no ensemble named 'x'" } } }
        : { status: 202, body: { runId: 'r-1' } },
    );
  });
  afterAll(() => server.close());

  it('sends the API key as a bearer token on API calls only', async () => {
    const ingress = { baseUrl: server.url, apiKey: 'secret-key' };
    await callIngress(ingress, { method: 'POST', path: '/api/x', body: '{}', withApiKey: true });
    await callIngress(ingress, { method: 'POST', path: '/webhooks/x', body: '{}' });
    const [api, webhook] = server.requests.slice(-2);
    expect(api.headers.authorization).toBe('Bearer secret-key');
    expect(webhook.headers.authorization).toBeUndefined();
  });

  it('sends the body byte for byte, as JSON unless told otherwise', async () => {
    const body = Buffer.from('{ "spaced" :  1 }\n');
    await callIngress({ baseUrl: server.url }, { method: 'POST', path: '/webhooks/x', body });
    const sent = server.requests.at(-1);
    expect(sent?.body.equals(body)).toBe(true);
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('returns the status and the parsed JSON body', async () => {
    expect(await callIngress({ baseUrl: server.url }, { method: 'GET', path: '/ok' })).toMatchObject({
      kind: 'answered',
      status: 202,
      body: { runId: 'r-1' },
    });
  });

  it('describes an API error by status, code and message', async () => {
    const response = await callIngress({ baseUrl: server.url }, { method: 'GET', path: '/missing' });
    expect(describeFailure(response)).toBe("404 not_found: no ensemble named 'x'");
  });

  it('says ingress is not reachable, where it looked and that baton start should run, when nothing listens', async () => {
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    const response = await callIngress({ baseUrl }, { method: 'GET', path: '/api/runs' });
    expect(response).toEqual({
      kind: 'unreachable',
      message: `Baton's ingress is not reachable at ${baseUrl}: is \`baton start\` running?`,
    });
    expect(describeFailure(response)).toContain('is not reachable');
  });
});
