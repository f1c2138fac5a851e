import { capturedIo } from '../testing/captured-io';
import { streamsCommand } from './streams';
import { freePort } from '../testing/free-port';

describe('baton streams', () => {
  it('says NATS is not reachable, where it looked and how to start it, and exits 1', async () => {
    const port = await freePort();
    const io = capturedIo({ cwd: __dirname, env: { NATS_URL: `nats://127.0.0.1:${port}` } });
    expect(await streamsCommand.run([], io)).toBe(1);
    expect(io.err()).toMatch(
      new RegExp(`^baton streams: NATS is not reachable at nats://127\\.0\\.0\\.1:${port} \\(NATS_URL\\)`),
    );
    expect(io.err()).toContain(`-p ${port} -js`);
  });

  it('refuses a NATS_URL that is not a NATS URL, and arguments it does not take', async () => {
    const badUrl = capturedIo({ cwd: __dirname, env: { NATS_URL: 'http://x' } });
    expect(await streamsCommand.run([], badUrl)).toBe(2);
    expect(badUrl.err()).toContain('NATS_URL');
    const extra = capturedIo({ cwd: __dirname });
    expect(await streamsCommand.run(['BATON_RUNS'], extra)).toBe(2);
    expect(extra.err()).toContain('Usage: baton streams');
  });
});
