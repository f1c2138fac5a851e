import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server';
import { waitResolutionCommand } from './wait-resolution-command';

let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer((request) =>
    request.url === '/api/waits/closed'
      ? { status: 404, body: { error: { code: 'not_found', message: "no open wait with key 'closed'" } } }
      : { status: 202, body: { runId: 'r-4', key: 'k', resolved: true } },
  );
});
afterAll(() => server.close());

async function resolve(action: 'approve' | 'reject', args: string[]) {
  const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url, BATON_API_KEY: 'key-1' } });
  const status = await waitResolutionCommand(action).run(args, io);
  const request = server.requests.at(-1);
  return {
    status,
    out: io.out(),
    err: io.err(),
    request,
    body: JSON.parse(request?.body.toString() || 'null'),
  };
}

describe('baton approve and baton reject', () => {
  it('approve posts { action: approve } to the wait’s key with the API key', async () => {
    const { status, out, request, body } = await resolve('approve', ['expense-42']);
    expect(status).toBe(0);
    expect(request?.url).toBe('/api/waits/expense-42');
    expect(request?.headers.authorization).toBe('Bearer key-1');
    expect(body).toEqual({ action: 'approve' });
    expect(out).toBe('approved expense-42 (run r-4)\n');
  });

  it('reject adds the fields of --data to { action: reject }', async () => {
    const { body } = await resolve('reject', ['expense-42', '--data', '{"reason":"over budget"}']);
    expect(body).toEqual({ reason: 'over budget', action: 'reject' });
  });

  it('refuses --data that names another action, sending nothing', async () => {
    const before = server.requests.length;
    const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
    expect(await waitResolutionCommand('reject').run(['k', '--data', '{"action":"approve"}'], io)).toBe(2);
    expect(io.err()).toContain("--data sets action 'approve': baton reject always sends action 'reject'");
    expect(server.requests).toHaveLength(before);
  });

  it('refuses --data that is not a JSON object', async () => {
    const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
    expect(await waitResolutionCommand('reject').run(['k', '--data', '[1]'], io)).toBe(2);
    expect(io.err()).toContain('--data must be a JSON object');
  });

  it('exits 1 with the API’s message when no wait is open under the key', async () => {
    const { status, err } = await resolve('approve', ['closed']);
    expect(status).toBe(1);
    expect(err).toBe("baton approve: 404 not_found: no open wait with key 'closed'\n");
  });

  it('asks for the key', async () => {
    const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
    expect(await waitResolutionCommand('approve').run([], io)).toBe(2);
    expect(io.err()).toContain('Usage: baton approve <key>');
  });
});
