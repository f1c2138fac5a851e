import { hexHmacScheme } from './hex-hmac-scheme';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC of the body>`; the delivery id is `X-GitHub-Delivery`.
 * GitHub always sends the prefix, so a bare value is not a GitHub signature.
 */
export const githubScheme = hexHmacScheme({
  defaultHeader: 'x-hub-signature-256',
  prefix: 'required',
  deliveryHeader: 'x-github-delivery',
});
