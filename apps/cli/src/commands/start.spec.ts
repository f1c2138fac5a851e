import { capturedIo } from '../testing/captured-io';
import { startCommand } from './start';

describe('baton start', () => {
  it('refuses options and arguments it does not take', async () => {
    const io = capturedIo({ cwd: __dirname });
    expect(await startCommand.run(['--detach'], io)).toBe(2);
    expect(io.err()).toContain('Usage: baton start [--json-logs] [--all]');
    expect(await startCommand.run(['now'], capturedIo({ cwd: __dirname }))).toBe(2);
  });

  it('names every invalid variable at once before starting anything, and exits 1', async () => {
    const io = capturedIo({
      cwd: __dirname,
      env: { INGRESS_PORT: 'abc', WORKER_HEALTH_PORT: '0', NATS_URL: 'http://x' },
    });
    expect(await startCommand.run([], io)).toBe(1);
    expect(io.err()).toContain('INGRESS_PORT must be');
    expect(io.err()).toContain('WORKER_HEALTH_PORT must be');
    expect(io.err()).toContain('NATS_URL');
    expect(io.out()).toBe('');
  });
});
