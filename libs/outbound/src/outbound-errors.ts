/**
 * Failures of the guard are values with codes. A refusal is final: the same request would be refused
 * again, so callers report it as a non-retryable failure.
 */
import { ADDRESS_CLASS_NAMES, type RefusedAddressClass } from './address-class';

export type OutboundRefusalCode = 'address-refused' | 'too-many-redirects' | 'unsupported-url';

export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  constructor(
    readonly code: OutboundRefusalCode,
    message: string,
    /** For `address-refused`: what was refused. */
    readonly refused?: {
      readonly host: string;
      readonly address: string;
      readonly addressClass: RefusedAddressClass;
    },
  ) {
    super(message);
  }

  static address(host: string, address: string, addressClass: RefusedAddressClass): OutboundRefusedError {
    const via = host === address ? '' : ` (${host} resolves to it)`;
    return new OutboundRefusedError(
      'address-refused',
      `outbound request refused: ${address} is ${ADDRESS_CLASS_NAMES[addressClass]}${via}; ` +
        `loopback, private, link-local and metadata addresses are reachable only when BATON_ALLOW_HOSTS allows them`,
      { host, address, addressClass },
    );
  }
}

/** A malformed `BATON_ALLOW_HOSTS`: a configuration error, reported at start. */
export class OutboundConfigError extends Error {
  override readonly name = 'OutboundConfigError';
  readonly code = 'invalid-allow-list';
}

/**
 * The refusal behind an error thrown by `fetch` (undici wraps connection errors as
 * `TypeError('fetch failed', { cause })`), if the guard caused it.
 */
export function outboundRefusal(error: unknown): OutboundRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof OutboundRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
