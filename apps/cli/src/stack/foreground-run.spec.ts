import path from 'node:path';
import type { Interrupts } from '../command';
import { capturedIo } from '../testing/captured-io';
import { freePort } from '../testing/free-port';
import { runInForeground } from './foreground-run';
import { LocalStack } from './local-stack';
import type { PlannedService, StackServiceName } from './stack-plan';

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

/** An interrupt source the spec fires itself, as main.ts fires on SIGINT. */
function manualInterrupts(): Interrupts & { fire(signal: string): void } {
  const listeners = new Set<(signal: string) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fire: (signal) => listeners.forEach((listener) => listener(signal)),
  };
}

function foreground(services: PlannedService[], graceMs = 5000) {
  const interrupts = manualInterrupts();
  const base = capturedIo({ cwd: __dirname });
  const io = { ...base, interrupts };
  const stack = new LocalStack({ cwd: __dirname, graceMs, readyTimeoutMs: 10_000, onLine: () => undefined });
  let bannerShown: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (bannerShown = resolve));
  const status = runInForeground({
    io,
    stack,
    services,
    say: (text) => {
      io.stdout.write(`${text}\n`);
      if (text === 'READY') bannerShown();
    },
    banner: async () => 'READY',
  });
  return { status, shown, interrupts, out: base.out, err: base.err };
}

async function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/readyz`).then(
    () => true,
    () => false,
  );
}

describe('baton start in the foreground', () => {
  it('prints the banner once ready, and on an interrupt stops every service and exits 0', async () => {
    const services = [await fake('ingress'), await fake('worker')];
    const run = foreground(services);
    await run.shown;
    run.interrupts.fire('SIGINT');
    expect(await run.status).toBe(0);
    expect(run.out()).toMatch(/^READY\nSIGINT: stopping every service .*\nStopped\.\n$/);
    for (const service of services) expect(await answers(service.healthPort)).toBe(false);
  });

  it('kills at once on a second interrupt', async () => {
    const stubborn = await fake('worker', { FAKE_IGNORE_SIGTERM: '1' });
    const run = foreground([stubborn], 60_000);
    await run.shown;
    run.interrupts.fire('SIGINT');
    run.interrupts.fire('SIGTERM');
    expect(await run.status).toBe(0);
    expect(run.out()).toContain('SIGTERM again: killing every service now.');
    expect(await answers(stubborn.healthPort)).toBe(false);
  });

  it('names the service that died, stops the others and exits 1', async () => {
    const survivor = await fake('ingress');
    const run = foreground([survivor, await fake('worker', { FAKE_EXIT_AFTER_MS: '500' })]);
    expect(await run.status).toBe(1);
    expect(run.err()).toBe('baton start: worker exited unexpectedly (exit code 3); stopping the others.\n');
    expect(await answers(survivor.healthPort)).toBe(false);
  });

  it('stops what started and exits 1 when a service cannot start, without a banner', async () => {
    const run = foreground([await fake('ingress', { FAKE_NEVER_READY: '1', FAKE_EXIT_AFTER_MS: '200' })]);
    expect(await run.status).toBe(1);
    expect(run.err()).toContain('baton start: ingress stopped while starting (exit code 3)');
    expect(run.out()).not.toContain('READY');
  });
});
