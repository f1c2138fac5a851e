/** The guard as the environment configures it (interfaces.md: BATON_ALLOW_HOSTS, NOTIFY_ALLOW_HOSTS). */
import { parseAllowList, type AllowList } from './allow-list';
import { Outbound, type OutboundOptions } from './outbound-client';

/** `BATON_ALLOW_HOSTS` and its alias `NOTIFY_ALLOW_HOSTS` (both are read; their entries add up). */
export function allowListFromEnv(env: Readonly<Record<string, string | undefined>>): AllowList {
  return parseAllowList([env['BATON_ALLOW_HOSTS'] ?? '', env['NOTIFY_ALLOW_HOSTS'] ?? ''].join(','));
}

/** Throws `OutboundConfigError` at start when the allow list is malformed. */
export function outboundFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<OutboundOptions, 'allow'> = {},
): Outbound {
  return new Outbound({ ...options, allow: allowListFromEnv(env) });
}
