import type { LookupAddress } from 'node:dns';
import { startRedirectServer, type RedirectServer } from './__fixtures__/redirect-server';
import { parseAllowList } from './allow-list';
import { Outbound, type OutboundOptions } from './outbound-client';
import { OutboundRefusedError, outboundRefusal } from './outbound-errors';

/** A resolver that knows a few made-up public-looking names, as a hostile DNS server would answer. */
function fakeDns(answers: Record<string, string[]>): OutboundOptions['resolve'] {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefusedError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  const found = outboundRefusal(error);
  if (found === undefined) throw new Error(`expected a refusal, got ${String(error)}`);
  return found;
}

describe('Outbound', () => {
  let server: RedirectServer;
  const clients: Outbound[] = [];
  const client = (options: OutboundOptions = {}): Outbound => {
    const created = new Outbound(options);
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    server = await startRedirectServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
    server.requests.length = 0;
  });
  afterAll(() => server.close());

  describe('without an allow list', () => {
    it.each([
      ['http://169.254.169.254/latest/meta-data/', 'metadata', '169.254.169.254'],
      ['http://[fd00:ec2::254]/latest/meta-data/', 'metadata', 'fd00:ec2::254'],
      ['http://127.0.0.1:5432/', 'loopback', '127.0.0.1'],
      ['http://[::1]:PORT/', 'loopback', '::1'],
      ['http://[::ffff:127.0.0.1]:PORT/', 'loopback', '::ffff:7f00:1'],
      ['http://2130706433:PORT/', 'loopback', '127.0.0.1'],
      ['http://0177.0.0.1:PORT/', 'loopback', '127.0.0.1'],
      ['http://0x7f.1:PORT/', 'loopback', '127.0.0.1'],
      ['http://10.0.0.1/', 'private', '10.0.0.1'],
      ['http://172.16.5.4/', 'private', '172.16.5.4'],
      ['https://192.168.1.1/', 'private', '192.168.1.1'],
      ['http://100.64.0.1/', 'carrier-grade-nat', '100.64.0.1'],
      ['http://169.254.10.10/', 'link-local', '169.254.10.10'],
      ['http://[fe80::1]/', 'link-local', 'fe80::1'],
      ['http://[fd12:3456::1]/', 'unique-local', 'fd12:3456::1'],
      ['http://0.0.0.0:PORT/', 'unspecified', '0.0.0.0'],
      ['http://[::]:PORT/', 'unspecified', '::'],
    ])('refuses %s as %s, before any connection', async (target, addressClass, address) => {
      const url = target.replace('PORT', String(server.port));
      const refused = await refusal(client().fetch(url));
      expect(refused.code).toBe('address-refused');
      expect(refused.refused).toEqual(expect.objectContaining({ addressClass, address }));
      expect(refused.message).toContain(address);
      expect(refused.message).toContain('BATON_ALLOW_HOSTS');
      expect(server.requests).toHaveLength(0);
    });

    it('refuses a public-looking host name that resolves to loopback', async () => {
      const outbound = client({ resolve: fakeDns({ 'api.example.test': ['127.0.0.1'] }) });
      const refused = await refusal(outbound.fetch(`http://api.example.test:${server.port}/`));
      expect(refused.refused).toEqual({
        host: 'api.example.test',
        address: '127.0.0.1',
        addressClass: 'loopback',
      });
      expect(refused.message).toMatch(
        /127\.0\.0\.1 is a loopback address \(api\.example\.test resolves to it\)/,
      );
      expect(server.requests).toHaveLength(0);
    });

    it('refuses a name whose every address is refused, naming the first', async () => {
      const outbound = client({ resolve: fakeDns({ 'mixed.example.test': ['10.0.0.7', '::1'] }) });
      const refused = await refusal(outbound.fetch(`http://mixed.example.test:${server.port}/`));
      expect(refused.refused?.addressClass).toBe('private');
    });

    it('refuses other URL schemes', async () => {
      const refused = await refusal(client().fetch('file:///etc/passwd'));
      expect(refused.code).toBe('unsupported-url');
    });
  });

  describe('with an allow list', () => {
    it('reaches an address allowed by IP', async () => {
      const response = await client({ allow: parseAllowList('127.0.0.1') }).fetch(
        `http://127.0.0.1:${server.port}/hello`,
      );
      expect(response.status).toBe(200);
      expect(server.requests.map((request) => request.path)).toEqual(['/hello']);
    });

    it('reaches addresses allowed by CIDR, also through an IPv4-mapped address', async () => {
      const outbound = client({ allow: parseAllowList('127.0.0.0/8') });
      expect((await outbound.fetch(`http://127.0.0.1:${server.port}/a`)).status).toBe(200);
      expect((await outbound.fetch(`http://[::ffff:127.0.0.1]:${server.port}/b`)).status).toBe(200);
      expect(server.requests.map((request) => request.path)).toEqual(['/a', '/b']);
    });

    it('reaches a host allowed by name whatever it resolves to', async () => {
      const outbound = client({
        allow: parseAllowList('internal.example.test'),
        resolve: fakeDns({ 'internal.example.test': ['127.0.0.1'] }),
      });
      const response = await outbound.fetch(`http://internal.example.test:${server.port}/named`);
      expect(response.status).toBe(200);
      expect(server.requests[0].headers.host).toBe(`internal.example.test:${server.port}`);
    });

    it('still refuses what the list does not name', async () => {
      const refused = await refusal(
        client({ allow: parseAllowList('127.0.0.1') }).fetch(`http://[::1]:${server.port}/`),
      );
      expect(refused.refused?.addressClass).toBe('loopback');
    });
  });

  describe('redirects', () => {
    const allowedByName = (): Outbound =>
      client({
        allow: parseAllowList('public.example.test'),
        resolve: fakeDns({ 'public.example.test': ['127.0.0.1'], 'sneaky.example.test': ['127.0.0.1'] }),
      });

    it('refuses a redirect to a private address', async () => {
      const target = encodeURIComponent(`http://127.0.0.1:${server.port}/internal`);
      const refused = await refusal(
        allowedByName().fetch(`http://public.example.test:${server.port}/redirect?to=${target}`),
      );
      expect(refused.refused?.addressClass).toBe('loopback');
      expect(server.requests.map((request) => request.path)).toEqual(['/redirect']);
    });

    it('refuses a redirect to a name that resolves to a private address', async () => {
      const target = encodeURIComponent(`http://sneaky.example.test:${server.port}/internal`);
      const refused = await refusal(
        allowedByName().fetch(`http://public.example.test:${server.port}/redirect?to=${target}&status=307`),
      );
      expect(refused.refused).toEqual(
        expect.objectContaining({ host: 'sneaky.example.test', addressClass: 'loopback' }),
      );
      expect(server.requests.map((request) => request.path)).toEqual(['/redirect']);
    });

    it('refuses a redirect to the metadata service', async () => {
      const target = encodeURIComponent('http://169.254.169.254/latest/meta-data/iam');
      const refused = await refusal(
        allowedByName().fetch(`http://public.example.test:${server.port}/redirect?to=${target}`),
      );
      expect(refused.refused?.addressClass).toBe('metadata');
    });

    it('follows allowed redirects and stops after five', async () => {
      const outbound = client({ allow: parseAllowList('127.0.0.1') });
      const followed = await outbound.fetch(`http://127.0.0.1:${server.port}/redirect?to=/landing`);
      expect(followed.status).toBe(200);
      expect(server.requests.map((request) => request.path)).toEqual(['/redirect', '/landing']);

      const refused = await refusal(outbound.fetch(`http://127.0.0.1:${server.port}/loop`));
      expect(refused.code).toBe('too-many-redirects');
      expect(server.requests.filter((request) => request.path === '/loop')).toHaveLength(6);
    });

    it('continues a POST as GET without its body after 303, and keeps both after 307', async () => {
      const outbound = client({ allow: parseAllowList('127.0.0.1') });
      const post = { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };
      await outbound.fetch(`http://127.0.0.1:${server.port}/redirect?to=/after-303&status=303`, post);
      await outbound.fetch(`http://127.0.0.1:${server.port}/redirect?to=/after-307&status=307`, post);
      const after303 = server.requests.find((request) => request.path === '/after-303');
      const after307 = server.requests.find((request) => request.path === '/after-307');
      expect(after303).toEqual(expect.objectContaining({ method: 'GET', body: '' }));
      expect(after303?.headers['content-type']).toBeUndefined();
      expect(after307).toEqual(expect.objectContaining({ method: 'POST', body: '{"a":1}' }));
    });

    it('drops credentials when a redirect changes origin', async () => {
      const outbound = client({
        allow: parseAllowList('127.0.0.1 other.example.test'),
        resolve: fakeDns({ 'other.example.test': ['127.0.0.1'] }),
      });
      const target = encodeURIComponent(`http://other.example.test:${server.port}/elsewhere`);
      await outbound.fetch(`http://127.0.0.1:${server.port}/redirect?to=${target}`, {
        headers: { authorization: 'Bearer canary', 'x-trace': 'kept' },
      });
      const [first, second] = server.requests;
      expect(first.headers.authorization).toBe('Bearer canary');
      expect(second.headers.authorization).toBeUndefined();
      expect(second.headers['x-trace']).toBe('kept');
    });
  });
});
