/**
 * `BATON_ALLOW_HOSTS`: what outbound requests may reach although it is loopback, private,
 * link-local or otherwise refused. Entries are separated by commas or white space:
 * - a host name (`internal-api`, `mail.corp.example`): requests to that name skip the address check;
 * - `*.corp.example`: any name below that domain (not the domain itself);
 * - an IP address in any spelling (`127.0.0.1`, `[::1]`) or a CIDR (`10.0.0.0/8`, `fd00::/8`):
 *   connections to matching addresses are allowed, whatever name led there. An IPv4-mapped IPv6
 *   address matches the IPv4 entries.
 */
import ipaddr from 'ipaddr.js';
import { embeddedIpv4, isIpAddress } from './address-class';
import { OutboundConfigError } from './outbound-errors';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface AllowList {
  /** True when requests to this host name skip the address check. */
  allowsHost(hostname: string): boolean;
  /** True when connecting to this address is allowed although its class is refused. */
  allowsAddress(address: string): boolean;
  /** The entries as written, for logs and error messages. */
  readonly entries: readonly string[];
}

export const EMPTY_ALLOW_LIST: AllowList = parseAllowList('');

/** Throws `OutboundConfigError` naming the entry that is neither a host, an address nor a CIDR. */
export function parseAllowList(text: string | readonly string[] | undefined): AllowList {
  const entries = (typeof text === 'string' || text === undefined ? (text ?? '').split(/[\s,]+/) : text)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: Cidr[] = [];
  for (const entry of entries) {
    const bare = entry.startsWith('[') && entry.endsWith(']') ? entry.slice(1, -1) : entry;
    if (bare.includes('/')) cidrs.push(parseCidr(entry, bare));
    else if (isIpAddress(bare)) {
      const address = ipaddr.parse(bare);
      cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (bare.startsWith('*.') && isHostName(bare.slice(2))) suffixes.push(normalHost(bare.slice(1)));
    else if (isHostName(bare)) hosts.add(normalHost(bare));
    else {
      throw new OutboundConfigError(
        `BATON_ALLOW_HOSTS entry '${entry}' is not a host name, *.domain, IP address or CIDR`,
      );
    }
  }
  return {
    entries,
    allowsHost(hostname) {
      const host = normalHost(hostname);
      return hosts.has(host) || suffixes.some((suffix) => host.endsWith(suffix));
    },
    allowsAddress(address) {
      if (cidrs.length === 0 || !isIpAddress(address)) return false;
      const candidates = addressForms(ipaddr.parse(address.replace(/^\[(.*)\]$/, '$1')));
      return cidrs.some(([network, bits]) =>
        candidates.some((candidate) => candidate.kind() === network.kind() && candidate.match(network, bits)),
      );
    },
  };
}

function parseCidr(entry: string, bare: string): Cidr {
  const [address, bits] = bare.split('/');
  if (isIpAddress(address) && /^\d{1,3}$/.test(bits)) {
    const network = ipaddr.parse(address);
    const prefix = Number(bits);
    if (prefix <= (network.kind() === 'ipv4' ? 32 : 128)) return [network, prefix];
  }
  throw new OutboundConfigError(`BATON_ALLOW_HOSTS entry '${entry}' is not a valid CIDR`);
}

/** The address itself, and the IPv4 address an IPv6 one carries. */
function addressForms(address: ipaddr.IPv4 | ipaddr.IPv6): (ipaddr.IPv4 | ipaddr.IPv6)[] {
  if (address.kind() === 'ipv4') return [address];
  const embedded = embeddedIpv4(address as ipaddr.IPv6);
  return embedded === undefined ? [address] : [address, embedded];
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

function isHostName(text: string): boolean {
  return HOST_NAME.test(text);
}

/** Lower case, without the trailing dot of a fully qualified name. */
function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}
