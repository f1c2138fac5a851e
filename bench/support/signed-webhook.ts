/**
 * The signed deliveries the webhook benches send: a fixed JSON body, signed once (hex HMAC-SHA256
 * in `x-webhook-signature`); only the `x-delivery-id` header changes per request.
 */
import { hexHmac } from '../../test/support/signing';

export const WEBHOOK_SECRET = 'bench-webhook-secret-5d21';
export const SIGNATURE_HEADER = 'x-webhook-signature';
export const DELIVERY_ID_HEADER = 'x-delivery-id';

export interface SignedDelivery {
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function signedDelivery(path: string, payload: unknown): SignedDelivery {
  const body = JSON.stringify(payload);
  return {
    path,
    body,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: hexHmac(WEBHOOK_SECRET, body) },
  };
}

/** ingress.bench: an order, to `bench-hook.yaml` (one transform agent) or the bare baseline receiver. */
export const ORDER_DELIVERY = signedDelivery('/webhooks/bench/orders', {
  order: {
    id: 'ord_1042',
    customer: 'cus_77',
    total: 129.5,
    items: [
      { sku: 'A-1', qty: 2 },
      { sku: 'B-7', qty: 1 },
    ],
  },
});

/**
 * completion.bench: the input of the 3-step code chain (`bench-hook-code.yaml`, or the BullMQ
 * peer's chain), which both turn into `{ doubled: 42, label: "hook-42" }`.
 */
export const CHAIN_INPUT = { n: 21, tag: 'hook' } as const;
export const CHAIN_DELIVERY = signedDelivery('/webhooks/bench/chain', CHAIN_INPUT);
