import { connectNats } from './connect-nats';
import { NATS_URL } from './test-support/isolated-layout';

describe('connectNats', () => {
  it('connects to the NATS of NATS_URL', async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-connect' });
    expect(nc.isClosed()).toBe(false);
    await nc.close();
  });

  it('names the URL when NATS is not reachable at start', async () => {
    const url = 'nats://127.0.0.1:1';
    const attempt = connectNats({ url, name: 'messaging-spec-unreachable', timeoutMs: 1000 });
    await expect(attempt).rejects.toMatchObject({ code: 'nats-unreachable' });
    await expect(attempt).rejects.toThrow(/^NATS is not reachable at nats:\/\/127\.0\.0\.1:1: \S/);
  });
});
