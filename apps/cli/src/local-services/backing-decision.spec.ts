import { decideBacking, listenHostOf, withPort, type BackingFacts } from './backing-decision';

const natsDefault: BackingFacts = {
  service: 'nats',
  url: 'nats://127.0.0.1:4222',
  explicit: false,
  answers: false,
  portFree: true,
  localAllowed: true,
};
const postgresSet: BackingFacts = {
  service: 'postgres',
  url: 'postgres://baton:s3cret@localhost:15432/baton',
  explicit: true,
  answers: false,
  portFree: true,
  localAllowed: true,
};

describe('whether baton start uses a running NATS or PostgreSQL or starts its own', () => {
  it('uses whatever answers at the URL, default or set, even a server that refuses', () => {
    expect(decideBacking({ ...natsDefault, answers: true, portFree: false })).toEqual({ use: 'running' });
    expect(decideBacking({ ...postgresSet, answers: true, portFree: false })).toEqual({ use: 'running' });
    expect(decideBacking({ ...natsDefault, answers: true, localAllowed: false })).toEqual({ use: 'running' });
  });

  it('starts its own on the default port when nothing answers there and the port is free', () => {
    expect(decideBacking(natsDefault)).toEqual({
      use: 'local',
      port: 'url',
      why: 'nothing answers at nats://127.0.0.1:4222 (the default of NATS_URL)',
    });
  });

  it('starts its own at a URL set on this machine where nothing answers, naming it without credentials', () => {
    expect(decideBacking(postgresSet)).toEqual({
      use: 'local',
      port: 'url',
      why: 'nothing answers at postgres://localhost:15432/baton (DATABASE_URL)',
    });
  });

  it('takes another free port when something that is not the server holds the default one', () => {
    expect(decideBacking({ ...natsDefault, portFree: false })).toEqual({
      use: 'local',
      port: 'any',
      why: '127.0.0.1:4222 (the default of NATS_URL) is held by something that is not NATS',
    });
  });

  it('does not move a URL the user set: something else on its port is reported, nothing started', () => {
    const decision = decideBacking({ ...postgresSet, portFree: false });
    expect(decision).toEqual({
      use: 'unreachable',
      why: '(something that is not PostgreSQL holds localhost:15432: baton start runs its own PostgreSQL only where nothing listens)',
    });
  });

  it('never starts one for a URL on another machine', () => {
    expect(decideBacking({ ...natsDefault, url: 'nats://nats.internal:4222', explicit: true })).toEqual({
      use: 'unreachable',
    });
    expect(decideBacking({ ...postgresSet, url: 'postgres://db.example.com/baton' })).toEqual({
      use: 'unreachable',
    });
  });

  it('starts nothing with --no-local-services, and says why', () => {
    expect(decideBacking({ ...natsDefault, localAllowed: false })).toEqual({
      use: 'unreachable',
      why: '(--no-local-services: baton start does not run its own NATS)',
    });
  });
});

describe('the address of a server baton starts', () => {
  it('listens on IPv4 loopback unless the URL asks for IPv6 loopback', () => {
    expect(listenHostOf('nats://localhost:4222')).toBe('127.0.0.1');
    expect(listenHostOf('nats://0.0.0.0:4222')).toBe('127.0.0.1');
    expect(listenHostOf('postgres://[::1]:5432/baton')).toBe('::1');
  });

  it('moves a URL to another port, keeping credentials, database and options', () => {
    expect(withPort('postgres://u:p@127.0.0.1:5432/baton?sslmode=disable', 40123)).toBe(
      'postgres://u:p@127.0.0.1:40123/baton?sslmode=disable',
    );
    expect(withPort('nats://127.0.0.1:4222', 40124)).toBe('nats://127.0.0.1:40124');
  });
});
