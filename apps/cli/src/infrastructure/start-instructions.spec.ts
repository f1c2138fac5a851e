import {
  natsUnreachable,
  natsWithoutJetStream,
  postgresRefused,
  postgresUnreachable,
} from './start-instructions';

describe('what baton says when NATS or PostgreSQL does not answer', () => {
  it('names the NATS URL without its credentials and how to start nats-server on that port', () => {
    const text = natsUnreachable('nats://user:pw@127.0.0.1:14222', 'connection refused');
    expect(text.split('\n')[0]).toBe(
      'NATS is not reachable at nats://127.0.0.1:14222 (NATS_URL): connection refused',
    );
    expect(text).toContain(
      'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 14222 -js -sd /var/lib/nats-server',
    );
    expect(text).not.toContain('pw');
  });

  it('names the PostgreSQL URL without its credentials and how to start the cluster', () => {
    const text = postgresUnreachable('postgres://baton:s3cret@localhost:5432/baton', 'connect ECONNREFUSED');
    expect(text.split('\n')[0]).toBe(
      'PostgreSQL is not reachable at postgres://localhost:5432/baton (DATABASE_URL): connect ECONNREFUSED',
    );
    expect(text).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    expect(text).not.toContain('s3cret');
  });

  it('does not offer to start a server on another machine', () => {
    expect(natsUnreachable('nats://nats.internal:4222', 'timeout')).not.toContain('start-stop-daemon');
    expect(postgresUnreachable('postgres://db.internal/baton', 'timeout')).not.toContain('pg_ctlcluster');
  });

  it('asks for JetStream, and for the right credentials, when the server answers but cannot serve', () => {
    expect(natsWithoutJetStream('nats://127.0.0.1:4222', 'no responders')).toContain(
      'restart nats-server with -js',
    );
    expect(postgresRefused('postgres://x:y@127.0.0.1/baton', 'password authentication failed')).toContain(
      'Check the user, password and database of DATABASE_URL',
    );
  });
});
