/**
 * The undici connector that enforces the guard where the socket is opened, so the address checked is
 * the address connected to (no gap between a check and a second DNS answer):
 * - an IP literal is checked before connecting;
 * - a host name is resolved by our `lookup` hook, which Node's `net`/`tls` call instead of DNS:
 *   refused addresses are removed from the answer, and when none is left the connection fails with
 *   the refusal. Allowed host names (BATON_ALLOW_HOSTS) resolve unchecked.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { classifyAddress, type RefusedAddressClass } from './address-class';
import type { AllowList } from './allow-list';
import { OutboundRefusedError } from './outbound-errors';

/** Resolves a host name to all of its addresses (the default is the system resolver, as `fetch` uses). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** The refusal for connecting to `address` on behalf of `host`, or undefined when it is allowed. */
export function refusalFor(
  allow: AllowList,
  host: string,
  address: string,
): OutboundRefusedError | undefined {
  const { address: canonical, addressClass } = classifyAddress(address);
  if (addressClass === 'public' || allow.allowsAddress(canonical)) return undefined;
  return OutboundRefusedError.address(host, canonical, addressClass as RefusedAddressClass);
}

export function guardedConnector(
  allow: AllowList,
  resolve: Resolver,
  options: { readonly connectTimeoutMs?: number } = {},
): buildConnector.connector {
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = typeof lookupOptions.family === 'number' ? lookupOptions.family : 0;
    checkedAddresses(allow, resolve, hostname, family).then(
      (addresses) => {
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
  const connect = buildConnector({
    lookup,
    ...(options.connectTimeoutMs === undefined ? {} : { timeout: options.connectTimeoutMs }),
  });
  return (connectOptions, callback) => {
    const { hostname } = connectOptions;
    if (isIP(hostname) !== 0) {
      const refusal = refusalFor(allow, hostname, hostname);
      if (refusal) {
        callback(refusal, null);
        return;
      }
    }
    connect(connectOptions, callback);
  };
}

async function checkedAddresses(
  allow: AllowList,
  resolve: Resolver,
  hostname: string,
  family: number,
): Promise<LookupAddress[]> {
  const resolved = (await resolve(hostname)).filter((entry) => family === 0 || entry.family === family);
  if (resolved.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  if (allow.allowsHost(hostname)) return [...resolved];
  const allowed: LookupAddress[] = [];
  let firstRefusal: OutboundRefusedError | undefined;
  for (const entry of resolved) {
    const refusal = refusalFor(allow, hostname, entry.address);
    if (refusal === undefined) allowed.push(entry);
    else firstRefusal ??= refusal;
  }
  if (allowed.length === 0 && firstRefusal !== undefined) throw firstRefusal;
  return allowed;
}
