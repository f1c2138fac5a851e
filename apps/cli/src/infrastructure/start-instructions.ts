import { isOnThisMachine, portOf, urlWithoutCredentials } from './service-address';

/**
 * What `baton` says when NATS or PostgreSQL does not answer: where it looked, from which variable,
 * and the commands of README.md "Running NATS and PostgreSQL" that start it on this machine.
 */

const NATS_DEFAULT_PORT = 4222;

export function natsUnreachable(url: string, reason: string): string {
  const where = urlWithoutCredentials(url);
  const start = isOnThisMachine(url)
    ? [
        '  Start it with:',
        `    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p ${portOf(url, NATS_DEFAULT_PORT)} -js -sd /var/lib/nats-server`,
        '  (install it first with: apt-get install nats-server), or point NATS_URL at a running server.',
      ]
    : ['  Check that the server is up and reachable from here, or point NATS_URL at another one.'];
  return [`NATS is not reachable at ${where} (NATS_URL): ${reason}`, ...start].join('\n');
}

export function natsWithoutJetStream(url: string, reason: string): string {
  return [
    `NATS at ${urlWithoutCredentials(url)} (NATS_URL) answers but has no JetStream: ${reason}`,
    '  Baton needs JetStream: restart nats-server with -js (and a store directory, -sd <dir>).',
  ].join('\n');
}

export function postgresUnreachable(url: string, reason: string): string {
  const where = urlWithoutCredentials(url);
  const start = isOnThisMachine(url)
    ? [
        '  Start it with:',
        '    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
        '  (install it first with: apt-get install postgresql), or point DATABASE_URL at a running server.',
      ]
    : ['  Check that the server is up and reachable from here, or point DATABASE_URL at another one.'];
  return [`PostgreSQL is not reachable at ${where} (DATABASE_URL): ${reason}`, ...start].join('\n');
}

export function postgresRefused(url: string, reason: string): string {
  return [
    `PostgreSQL at ${urlWithoutCredentials(url)} (DATABASE_URL) refused the connection: ${reason}`,
    '  Check the user, password and database of DATABASE_URL.',
  ].join('\n');
}
