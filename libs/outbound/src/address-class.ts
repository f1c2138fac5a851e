/**
 * What kind of network an IP address belongs to, for the SSRF guard. Every spelling ipaddr.js reads
 * is accepted (`2130706433`, `0177.0.0.1`, `0x7f.1`, `::ffff:127.0.0.1`, zone ids); an IPv6 address
 * that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by that IPv4
 * address, because that is where the packets go.
 */
import ipaddr from 'ipaddr.js';

/** Classes an outbound request may not reach unless allowed; `public` is everything else. */
export type RefusedAddressClass =
  | 'loopback'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export type AddressClass = RefusedAddressClass | 'public';

/** What each refused class is, in words, for error messages. */
export const ADDRESS_CLASS_NAMES: { readonly [key in RefusedAddressClass]: string } = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  'carrier-grade-nat': 'a private carrier-grade NAT (RFC 6598) address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local (private IPv6) address',
  'site-local': 'a site-local (private IPv6) address',
  metadata: 'a cloud metadata service address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved or special-purpose address',
};

/**
 * Cloud instance metadata and similar host services: AWS (IMDS, ECS task metadata, the VPC DNS),
 * GCP and Azure (169.254.169.254), Alibaba (100.100.100.200), Oracle (192.0.0.192), AWS IMDS over
 * IPv6 (fd00:ec2::254) and its DNS (fd00:ec2::253). Most fall in a refused range anyway; they are
 * named so the error says what was at stake.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.169.253',
  '169.254.169.123',
  '100.100.100.200',
  '192.0.0.192',
  'fd00:ec2::254',
  'fd00:ec2::253',
  'fd00:ec2::123',
]);

const IPV4_CLASSES: { readonly [range: string]: RefusedAddressClass } = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade-nat',
  private: 'private',
  reserved: 'reserved',
};

const IPV6_CLASSES: { readonly [range: string]: RefusedAddressClass } = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  discard: 'reserved',
  benchmarking: 'reserved',
  reserved: 'reserved',
  // Teredo hides the client address (obfuscated) behind a relay: nothing a server should dial.
  teredo: 'reserved',
  // The local-use NAT64 prefix (RFC 8215) translates into networks of the operator's choosing.
  rfc6052: 'reserved',
};

export interface ClassifiedAddress {
  /** The canonical spelling (`127.0.0.1`, `::1`). */
  readonly address: string;
  readonly addressClass: AddressClass;
}

/** True when `text` is an IP address in any spelling ipaddr.js reads. */
export function isIpAddress(text: string): boolean {
  return ipaddr.isValid(stripBrackets(text));
}

/** Throws when `text` is not an IP address; check with `isIpAddress` first. */
export function classifyAddress(text: string): ClassifiedAddress {
  const parsed = ipaddr.parse(stripBrackets(text));
  if (parsed.kind() === 'ipv4') return classifyIpv4(parsed as ipaddr.IPv4);
  const ipv6 = parsed as ipaddr.IPv6;
  const address = ipv6.toString();
  const embedded = embeddedIpv4(ipv6);
  if (embedded !== undefined) return { address, addressClass: classifyIpv4(embedded).addressClass };
  if (METADATA_ADDRESSES.has(withoutZone(address))) return { address, addressClass: 'metadata' };
  return { address, addressClass: IPV6_CLASSES[ipv6.range()] ?? 'public' };
}

function classifyIpv4(ipv4: ipaddr.IPv4): ClassifiedAddress {
  const address = ipv4.toString();
  if (METADATA_ADDRESSES.has(address)) return { address, addressClass: 'metadata' };
  return { address, addressClass: IPV4_CLASSES[ipv4.range()] ?? 'public' };
}

/**
 * The IPv4 address an IPv6 address delivers to: IPv4-mapped (`::ffff:a.b.c.d`), SIIT
 * (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), well-known NAT64 (`64:ff9b::a.b.c.d`) and
 * 6to4 (`2002:AABB:CCDD::`).
 */
export function embeddedIpv4(ipv6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = ipv6.parts;
  const low32 = (): ipaddr.IPv4 =>
    new ipaddr.IPv4([parts[6] >> 8, parts[6] & 0xff, parts[7] >> 8, parts[7] & 0xff]);
  const range = ipv6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return low32();
  if (range === '6to4')
    return new ipaddr.IPv4([parts[1] >> 8, parts[1] & 0xff, parts[2] >> 8, parts[2] & 0xff]);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0))
    return low32();
  // IPv4-compatible (deprecated ::/96), except :: and ::1 themselves
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7] > 1)) return low32();
  return undefined;
}

function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}
