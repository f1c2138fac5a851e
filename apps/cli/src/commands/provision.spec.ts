import { capturedIo } from '../testing/captured-io';
import { freePort } from '../testing/free-port';
import { provisionCommand } from './provision';

// Provisioning itself runs against a real nats-server with the deployed users in
// test/deploy-nats.e2e-spec.ts (the provisioning user succeeds, every service user is refused).
describe('baton provision', () => {
  it('says NATS is not reachable, where it looked, and exits 1', async () => {
    const port = await freePort();
    const io = capturedIo({ cwd: __dirname, env: { NATS_URL: `nats://127.0.0.1:${port}` } });
    expect(await provisionCommand.run([], io)).toBe(1);
    expect(io.err()).toMatch(
      new RegExp(`^baton provision: NATS is not reachable at nats://127\\.0\\.0\\.1:${port} \\(NATS_URL\\)`),
    );
    // Loading the NATS client libraries alone takes seconds on a busy machine.
  }, 30_000);

  it('refuses settings out of range and arguments it does not take, naming them', async () => {
    const partitions = capturedIo({ cwd: __dirname, env: { BATON_PARTITIONS: '0' } });
    expect(await provisionCommand.run([], partitions)).toBe(2);
    expect(partitions.err()).toContain('BATON_PARTITIONS');
    const replicas = capturedIo({ cwd: __dirname, env: { JETSTREAM_REPLICAS: 'three' } });
    expect(await provisionCommand.run([], replicas)).toBe(2);
    expect(replicas.err()).toContain('JETSTREAM_REPLICAS');
    const extra = capturedIo({ cwd: __dirname });
    expect(await provisionCommand.run(['BATON_RUNS'], extra)).toBe(2);
    expect(extra.err()).toContain('Usage: baton provision');
  });
});
