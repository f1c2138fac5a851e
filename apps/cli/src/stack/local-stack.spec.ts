import path from 'node:path';
import { LocalStack, type BackingProcess } from './local-stack';
import { waitUntilReady } from './readiness';
import type { PlannedService, StackServiceName } from './stack-plan';
import { freePort } from '../testing/free-port';

const FAKE = path.join(__dirname, '__fixtures__/fake-service.js');

async function fake(name: StackServiceName, env: Record<string, string> = {}): Promise<PlannedService> {
  const healthPort = await freePort();
  return {
    name,
    main: FAKE,
    healthPort,
    env: { PATH: process.env.PATH ?? '', HEALTH_PORT: String(healthPort), FAKE_NAME: name, ...env },
  };
}

function stackRecording(
  options: {
    graceMs?: number;
    readyTimeoutMs?: number;
    beforeServices?: () => Promise<{ ok: true } | { ok: false; message: string }>;
  } = {},
) {
  const lines: string[] = [];
  const stack = new LocalStack({
    cwd: __dirname,
    graceMs: options.graceMs ?? 5000,
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    beforeServices: options.beforeServices,
    onLine: (service, line, stream) => lines.push(`${service} ${stream} ${line}`),
  });
  return { stack, lines };
}

async function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/readyz`).then(
    () => true,
    () => false,
  );
}

describe('the services of baton start, as one unit', () => {
  it('starts the first service before the others and reports ready once every /readyz answers', async () => {
    const { stack, lines } = stackRecording();
    const services = [await fake('ingress'), await fake('worker'), await fake('projector')];
    expect(await stack.start(services)).toEqual({ ok: true });
    for (const service of services) expect(await answers(service.healthPort)).toBe(true);
    expect(lines[0]).toMatch(/^ingress stdout .*listening/);
    await stack.stop();
  });

  it('runs the step before the services (provisioning NATS) first, and starts none when it fails', async () => {
    const services = [await fake('ingress'), await fake('worker')];
    const order: string[] = [];
    const failing = stackRecording({
      beforeServices: async () => {
        order.push(`provision, ingress answering: ${await answers(services[0].healthPort)}`);
        return { ok: false, message: 'provisioning NATS failed: Permissions Violation' };
      },
    });
    expect(await failing.stack.start(services)).toEqual({
      ok: false,
      message: 'provisioning NATS failed: Permissions Violation',
    });
    expect(order).toEqual(['provision, ingress answering: false']);
    for (const service of services) expect(await answers(service.healthPort)).toBe(false);
    await failing.stack.stop();
    const { stack } = stackRecording({ beforeServices: async () => ({ ok: true }) });
    expect(await stack.start(services)).toEqual({ ok: true });
    await stack.stop();
  });

  it('stops every service with SIGTERM and waits for them to exit', async () => {
    const { stack, lines } = stackRecording();
    const services = [await fake('ingress'), await fake('worker')];
    await stack.start(services);
    await stack.stop();
    for (const service of services) expect(await answers(service.healthPort)).toBe(false);
    expect(lines.filter((line) => line.includes('stopping'))).toHaveLength(2);
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const { stack } = stackRecording({ graceMs: 300 });
    const stubborn = await fake('worker', { FAKE_IGNORE_SIGTERM: '1' });
    await stack.start([stubborn]);
    const started = Date.now();
    await stack.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await answers(stubborn.healthPort)).toBe(false);
  });

  it('reports the first service that exits on its own, with its exit code and last words', async () => {
    const { stack, lines } = stackRecording();
    await stack.start([await fake('ingress'), await fake('worker', { FAKE_EXIT_AFTER_MS: '300' })]);
    const exit = await stack.unexpectedExit;
    expect(exit).toEqual({ service: 'worker', exit: { code: 3, signal: null } });
    expect(lines).toContain('worker stderr fatal: out of luck');
    await stack.stop();
  });

  it('fails the start when a service exits before it is ready, and starts nothing after it', async () => {
    const { stack } = stackRecording();
    const dying = await fake('ingress', { FAKE_NEVER_READY: '1', FAKE_EXIT_AFTER_MS: '300' });
    const after = await fake('worker');
    const outcome = await stack.start([dying, after]);
    expect(outcome).toEqual({
      ok: false,
      message: 'ingress stopped while starting (exit code 3); its last lines are above',
    });
    expect(await answers(after.healthPort)).toBe(false);
    await stack.stop();
  });

  it('fails the start when a service is not ready in time, naming its /readyz answer', async () => {
    const { stack } = stackRecording({ readyTimeoutMs: 500 });
    const slow = await fake('ingress', { FAKE_NEVER_READY: '1' });
    expect(await stack.start([slow])).toEqual({
      ok: false,
      message: `ingress was not ready after 0.5s (http://127.0.0.1:${slow.healthPort}/readyz: HTTP 503)`,
    });
    await stack.stop();
  });
});

describe('the servers the services need (NATS, PostgreSQL), when baton start runs them', () => {
  async function server(
    name: string,
    env: Record<string, string> = {},
  ): Promise<BackingProcess & { port: number }> {
    const port = await freePort();
    return {
      name,
      port,
      command: process.execPath,
      args: [FAKE],
      env: { PATH: process.env.PATH ?? '', HEALTH_PORT: String(port), FAKE_NAME: name, ...env },
      whenReady: (child, timeoutMs) =>
        waitUntilReady(`http://127.0.0.1:${port}/readyz`, child.exited, timeoutMs),
    };
  }

  it('starts them before the services and stops them after the services have stopped', async () => {
    const { stack, lines } = stackRecording();
    const nats = await server('nats');
    const ingress = await fake('ingress');
    expect(await stack.start([ingress], [nats])).toEqual({ ok: true });
    expect(lines[0]).toMatch(/^nats stdout .*listening/);
    await stack.stop();
    const stopping = lines.filter((line) => line.includes('stopping')).map((line) => line.split(' ')[0]);
    expect(stopping).toEqual(['ingress', 'nats']);
    expect(await answers(nats.port)).toBe(false);
  });

  it('starts no service when a server stops while starting', async () => {
    const { stack } = stackRecording();
    const broken = await server('postgres', { FAKE_NEVER_READY: '1', FAKE_EXIT_AFTER_MS: '200' });
    const ingress = await fake('ingress');
    expect(await stack.start([ingress], [broken])).toEqual({
      ok: false,
      message: 'postgres stopped while starting (exit code 3); its last lines are above',
    });
    expect(await answers(ingress.healthPort)).toBe(false);
    await stack.stop();
  });

  it('reports a server that dies while the stack runs', async () => {
    const { stack } = stackRecording();
    await stack.start([await fake('ingress')], [await server('nats', { FAKE_EXIT_AFTER_MS: '500' })]);
    expect(await stack.unexpectedExit).toEqual({ service: 'nats', exit: { code: 3, signal: null } });
    await stack.stop();
  });
});
