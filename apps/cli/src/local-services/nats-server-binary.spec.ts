import { findNatsServer, NATS_SERVER_MISSING } from './nats-server-binary';

const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('finding nats-server', () => {
  it('takes the first one on PATH', () => {
    const found = findNatsServer(
      { PATH: '/home/u/bin:/usr/bin' },
      only('/usr/bin/nats-server', '/usr/sbin/nats-server'),
    );
    expect(found).toEqual({ ok: true, path: '/usr/bin/nats-server' });
  });

  it('looks in /usr/sbin (Debian’s package) and Homebrew’s directories when PATH has none', () => {
    expect(findNatsServer({ PATH: '/usr/bin:/bin' }, only('/usr/sbin/nats-server'))).toEqual({
      ok: true,
      path: '/usr/sbin/nats-server',
    });
    expect(findNatsServer({ PATH: '/usr/bin' }, only('/opt/homebrew/bin/nats-server'))).toEqual({
      ok: true,
      path: '/opt/homebrew/bin/nats-server',
    });
    expect(findNatsServer({ HOME: '/home/u' }, only('/home/u/go/bin/nats-server'))).toEqual({
      ok: true,
      path: '/home/u/go/bin/nats-server',
    });
  });

  it('uses NATS_SERVER_BIN when set, and says so when it is not there', () => {
    expect(
      findNatsServer({ NATS_SERVER_BIN: '/opt/nats/nats-server' }, only('/opt/nats/nats-server')),
    ).toEqual({
      ok: true,
      path: '/opt/nats/nats-server',
    });
    expect(
      findNatsServer({ NATS_SERVER_BIN: '/nope', PATH: '/usr/sbin' }, only('/usr/sbin/nats-server')),
    ).toEqual({
      ok: false,
      message: 'NATS_SERVER_BIN: /nope is not an executable file',
    });
  });

  it('says in one line how to get one when there is none', () => {
    const missing = findNatsServer({ PATH: '/usr/bin' }, () => false);
    expect(missing).toEqual({ ok: false, message: NATS_SERVER_MISSING });
    expect(NATS_SERVER_MISSING).not.toContain('\n');
    expect(NATS_SERVER_MISSING).toContain('apt-get install nats-server');
    expect(NATS_SERVER_MISSING).toContain('brew install nats-server');
    expect(NATS_SERVER_MISSING).toContain('docker compose up');
  });
});
