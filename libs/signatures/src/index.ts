export {
  DEFAULT_TOLERANCE_SECONDS,
  WEBHOOK_SCHEMES,
  type RequestHeaders,
  type VerificationFailure,
  type VerificationFailureCode,
  type VerificationSuccess,
  type VerifyWebhookInput,
  type WebhookScheme,
  type WebhookVerification,
} from './webhook-verification';
export { verifyGenericWebhook, verifyWebhook } from './verify-webhook';
export { signWebhook, type SignWebhookOptions } from './sign-webhook';
export {
  NOTIFICATION_SIGNATURE_HEADER,
  NOTIFICATION_TIMESTAMP_HEADER,
  signNotification,
  type NotificationFormat,
  type NotificationSigningInput,
} from './sign-notification';
export { WebhookSigningError } from './webhook-signing-error';
export { STANDARD_WEBHOOKS_SECRET_RULE, standardWebhooksKey } from './standard-webhooks-secret';
export { STANDARD_WEBHOOKS_HEADERS } from './standard-webhooks-signature';
export {
  APPROVAL_ACTIONS,
  DEFAULT_APPROVAL_LINK_TTL_MS,
  MAX_APPROVAL_TOKEN_LENGTH,
  approvalLinkUrls,
  signApprovalToken,
  verifyApprovalToken,
  type ApprovalAction,
  type ApprovalGrant,
  type ApprovalLinkInput,
  type ApprovalTokenCheck,
} from './approval-token';
