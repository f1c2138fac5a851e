import { githubScheme } from './schemes/github-scheme';
import { hmacSha256Scheme } from './schemes/hmac-sha256-scheme';
import type { SignatureScheme } from './schemes/signature-scheme';
import { standardWebhooksScheme } from './schemes/standard-webhooks-scheme';
import { stripeScheme } from './schemes/stripe-scheme';
import type { WebhookScheme } from './webhook-verification';

/** Every scheme that checks a signature; `none` is handled by the callers (nothing to check). */
export const SIGNATURE_SCHEMES: Readonly<Record<Exclude<WebhookScheme, 'none'>, SignatureScheme>> = {
  'hmac-sha256': hmacSha256Scheme,
  stripe: stripeScheme,
  github: githubScheme,
  'standard-webhooks': standardWebhooksScheme,
};
