import { parseAllowList } from './allow-list';
import { OutboundConfigError } from './outbound-errors';
import { allowListFromEnv } from './outbound-from-env';

describe('parseAllowList', () => {
  it('allows a host by name, case-insensitively and with a trailing dot', () => {
    const allow = parseAllowList('internal-api, Mail.Corp.Example');
    expect(allow.allowsHost('internal-api')).toBe(true);
    expect(allow.allowsHost('mail.corp.example.')).toBe(true);
    expect(allow.allowsHost('other.corp.example')).toBe(false);
  });

  it('allows every name below a *.domain entry, not the domain itself', () => {
    const allow = parseAllowList('*.corp.example');
    expect(allow.allowsHost('a.corp.example')).toBe(true);
    expect(allow.allowsHost('a.b.corp.example')).toBe(true);
    expect(allow.allowsHost('corp.example')).toBe(false);
    expect(allow.allowsHost('evilcorp.example')).toBe(false);
  });

  it('allows addresses by IP in any spelling and by CIDR, IPv4 and IPv6', () => {
    const allow = parseAllowList('127.0.0.1 [::1] 10.0.0.0/8 fd00::/8 0x7f.2');
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(true);
    expect(allow.allowsAddress('127.0.0.3')).toBe(false);
    expect(allow.allowsAddress('::1')).toBe(true);
    expect(allow.allowsAddress('10.200.3.4')).toBe(true);
    expect(allow.allowsAddress('11.0.0.1')).toBe(false);
    expect(allow.allowsAddress('fd12::1')).toBe(true);
    expect(allow.allowsAddress('fe80::1')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 address against the IPv4 entries', () => {
    const allow = parseAllowList('127.0.0.0/8');
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:10.0.0.1')).toBe(false);
  });

  it('allows nothing when empty', () => {
    const allow = parseAllowList('');
    expect(allow.allowsHost('localhost')).toBe(false);
    expect(allow.allowsAddress('127.0.0.1')).toBe(false);
    expect(allow.entries).toEqual([]);
  });

  it.each(['http://x/', '10.0.0.0/33', '10.0.0.0/x', 'a b/c', '*.', 'host:8080'])(
    "refuses the entry '%s' naming it",
    (entry) => {
      expect(() => parseAllowList(entry)).toThrow(OutboundConfigError);
      expect(() => parseAllowList(entry)).toThrow(/BATON_ALLOW_HOSTS entry/);
    },
  );

  it('reads NOTIFY_ALLOW_HOSTS as an alias of BATON_ALLOW_HOSTS', () => {
    const allow = allowListFromEnv({ BATON_ALLOW_HOSTS: 'a.example', NOTIFY_ALLOW_HOSTS: '10.0.0.0/8' });
    expect(allow.allowsHost('a.example')).toBe(true);
    expect(allow.allowsAddress('10.1.1.1')).toBe(true);
    expect(allowListFromEnv({ NOTIFY_ALLOW_HOSTS: 'hooks.local' }).allowsHost('hooks.local')).toBe(true);
  });
});
