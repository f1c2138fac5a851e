/**
 * Where ingress listens, and whom it serves without BATON_API_KEY: 127.0.0.1 unless HOST says
 * otherwise, and the API only for callers on this host that connect directly. Only loopback
 * addresses receive traffic: 127.0.0.2 stands for "another address" (Linux routes all of 127/8 to lo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let port: number;

beforeAll(async () => {
  stack = await startStack({ ensemblesDir: join(ROOT, 'test/fixtures/ingress'), only: ['ingress'] });
  port = Number(new URL(stack.baseUrl).port);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, at: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(at, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the listen address', () => {
  it('is 127.0.0.1 by default: another loopback address of this host is refused', async () => {
    expect(await accepts('127.0.0.1', port)).toBe(true);
    expect(await accepts('127.0.0.2', port)).toBe(false);
  });

  it('is HOST when set', async () => {
    const hostPort = await freePort();
    const ingress: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/ingress/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NATS_URL: stack.nats.url,
        DATABASE_URL: stack.database.url,
        ENSEMBLES_DIR: join(ROOT, 'test/fixtures/ingress'),
        INGRESS_PORT: String(hostPort),
        HOST: '127.0.0.2',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      await waitFor('ingress on 127.0.0.2', async () => {
        const res = await fetch(`http://127.0.0.2:${hostPort}/readyz`).catch(() => undefined);
        return res?.status === 200 || undefined;
      });
      expect(await accepts('127.0.0.1', hostPort)).toBe(false);
    } finally {
      ingress.kill('SIGKILL');
    }
  });
});

describe('the API without BATON_API_KEY', () => {
  it('serves a direct loopback caller', async () => {
    expect((await stack.api('/api/ensembles')).status).toBe(200);
  });

  it.each([
    ['Forwarded', 'for=203.0.113.7;proto=https'],
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-For', '127.0.0.1'],
    ['X-Real-IP', '203.0.113.7'],
  ])('refuses a request that came through a proxy (%s: %s) with 401', async (name, value) => {
    const res = await stack.api('/api/ensembles', { headers: { [name]: value } });
    expect(res).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: expect.stringContaining('directly (no proxy)') } },
    });
  });

  it('still accepts webhooks through a proxy: they carry their own signatures', async () => {
    const res = await stack.api('/webhooks/no-such-path', {
      body: {},
      headers: { 'X-Forwarded-For': '203.0.113.7' },
    });
    expect(res.status).toBe(404);
  });
});
