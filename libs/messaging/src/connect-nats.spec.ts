import { connectNats, splitCredentials } from './connect-nats';
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

  it('never prints the password of a URL it cannot reach', async () => {
    const attempt = connectNats({
      url: 'nats://ingress:s3cr3t-pw@127.0.0.1:1',
      name: 'messaging-spec-creds',
      timeoutMs: 1000,
    });
    const error = await attempt.catch((e: Error) => e);
    expect(String(error)).toContain('nats://127.0.0.1:1');
    expect(String(error)).not.toContain('s3cr3t-pw');
  });
});

describe('splitCredentials', () => {
  it('moves the user and password of a URL into connect options (nats.js ignores them in the URL)', () => {
    expect(splitCredentials('nats://worker:p%40ss@nats.internal:4222')).toEqual({
      server: 'nats://nats.internal:4222',
      credentials: { user: 'worker', pass: 'p@ss' },
    });
  });

  it('leaves a URL without credentials as it is', () => {
    expect(splitCredentials('nats://127.0.0.1:4222')).toEqual({
      server: 'nats://127.0.0.1:4222',
      credentials: {},
    });
  });
});

describe('connectNats with a cluster', () => {
  it("takes a comma-separated list of servers, each a seed, and the first user's credentials", async () => {
    const nc = await connectNats({ url: `nats://127.0.0.1:1, ${NATS_URL}`, name: 'messaging-spec-seeds' });
    expect(nc.isClosed()).toBe(false);
    await nc.close();
  });

  it('names every server it could not reach, without their passwords', async () => {
    const error = await connectNats({
      url: 'nats://worker:pw-one@127.0.0.1:1,nats://worker:pw-one@127.0.0.1:2',
      name: 'messaging-spec-seeds-down',
      timeoutMs: 1000,
    }).catch((e: Error) => e);
    expect(String(error)).toContain('nats://127.0.0.1:1,nats://127.0.0.1:2');
    expect(String(error)).not.toContain('pw-one');
  });
});
