/**
 * @baton/outbound: every request Baton sends out (http and notify agents, provider APIs,
 * notifications) goes through `Outbound.fetch`, which refuses loopback, private, link-local,
 * metadata and other special addresses unless BATON_ALLOW_HOSTS allows them.
 */
export {
  Outbound,
  DEFAULT_MAX_REDIRECTS,
  type OutboundOptions,
  type OutboundRequestInit,
  type Response,
} from './outbound-client';
export { outboundFromEnv, allowListFromEnv } from './outbound-from-env';
export { parseAllowList, EMPTY_ALLOW_LIST, type AllowList } from './allow-list';
export {
  classifyAddress,
  isIpAddress,
  ADDRESS_CLASS_NAMES,
  type AddressClass,
  type RefusedAddressClass,
  type ClassifiedAddress,
} from './address-class';
export { systemResolver, type Resolver } from './guarded-connector';
export {
  OutboundRefusedError,
  OutboundConfigError,
  outboundRefusal,
  type OutboundRefusalCode,
} from './outbound-errors';
