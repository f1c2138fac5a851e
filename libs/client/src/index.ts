export { Baton, type BatonOptions } from './baton';
export type { ExecuteOptions, ExecuteResult, StartOptions } from './execution';
export type { CallOptions } from './runs';
export { RunList } from './run-list';
export type { EnsemblePath } from './ensembles';
export type { WaitResolution } from './waits';
export type { SendWebhookOptions, WebhookDelivery } from './webhooks';
export {
  signWebhook,
  WEBHOOK_SCHEMES,
  type SignWebhookOptions,
  type WebhookScheme,
} from './signing/sign-webhook';
export { BatonApiError, BatonError, BatonNetworkError, BatonSigningError, type ApiErrorBody } from './errors';
export type { FetchLike } from './transport';
export type { Duration } from './durations';
export type * from './api-types';
export type { RunsApi } from './runs';
export type { EnsemblesApi } from './ensembles';
export type { WaitsApi } from './waits';
export type { WebhooksApi } from './webhooks';
