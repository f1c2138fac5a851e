import { capturedIo } from '../testing/captured-io';
import { startCommand } from './start';

describe('baton start', () => {
  it('refuses options and arguments it does not take', async () => {
    const io = capturedIo({ cwd: __dirname });
    expect(await startCommand.run(['--detach'], io)).toBe(2);
    expect(io.err()).toContain('Usage: baton start [--single-process] [--json-logs] [--all]');
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

  it('warns when ingress would listen beyond loopback without BATON_API_KEY, before anything else', async () => {
    const exposed = capturedIo({ cwd: __dirname, env: { HOST: '0.0.0.0', INGRESS_PORT: 'abc' } });
    expect(await startCommand.run([], exposed)).toBe(1);
    expect(exposed.err()).toMatch(
      /^baton start: warning: ingress listens on 0\.0\.0\.0 \(HOST\), beyond loopback, without BATON_API_KEY/,
    );
    for (const env of [
      { HOST: '0.0.0.0', BATON_API_KEY: 'k-123', INGRESS_PORT: 'abc' },
      { HOST: '127.0.0.1', INGRESS_PORT: 'abc' },
      { INGRESS_PORT: 'abc' },
    ]) {
      const io = capturedIo({ cwd: __dirname, env });
      expect(await startCommand.run([], io)).toBe(1);
      expect(io.err()).not.toContain('warning');
    }
  });
});
