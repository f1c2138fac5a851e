/**
 * Loopback addresses: the listen address ingress defaults to, and the only peers the API trusts
 * without BATON_API_KEY (interfaces.md). One rule for the service, its guard and `baton start`.
 */
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 spelling (`::ffff:127.0.0.1`); `localhost` as a name. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const text = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (text === 'localhost' || text === '::1' || text === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = text.startsWith('::ffff:') ? text.slice('::ffff:'.length) : text;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

/** A listen address such as `0.0.0.0`, `::` or a LAN address: ingress is reachable beyond this host. */
export function listensBeyondLoopback(host: string): boolean {
  return !isLoopbackAddress(host);
}
