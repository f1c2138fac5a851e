/**
 * The delivery ingress.bench sends to both servers: one fixed JSON body, signed once (hex
 * HMAC-SHA256 in `x-webhook-signature`); only the `x-delivery-id` header changes per request.
 */
import { hexHmac } from '../../test/support/signing';

export const WEBHOOK_SECRET = 'bench-webhook-secret-5d21';
export const WEBHOOK_PATH = '/webhooks/bench/orders';
export const SIGNATURE_HEADER = 'x-webhook-signature';
export const DELIVERY_ID_HEADER = 'x-delivery-id';

export const WEBHOOK_BODY = JSON.stringify({
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

export const WEBHOOK_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  [SIGNATURE_HEADER]: hexHmac(WEBHOOK_SECRET, WEBHOOK_BODY),
};
