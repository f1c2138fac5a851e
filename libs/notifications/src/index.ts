/**
 * @baton/notifications: the notifier's logic — which run events an ensemble's `notifications`
 * deliver, what they send (dsl.md "Notifications"), each attempt over webhook or email, the retry
 * schedule and the delivery log. The notifier app wires it to JetStream and PostgreSQL.
 */
export { MAX_NOTIFIED_EVENT_AGE_MS, RunNotifications } from './run-notifications';
export { DeliveryAttempts, type AttemptResult } from './delivery-attempts';
export { deliveryJobOf, type DeliveryJob } from './delivery-job';
export { deliveryIdOf } from './delivery-id';
export type { DeliveryQueue, DeliveryRecorder, NotifierDeps, NotifierLogger, RetryTimers } from './ports';
export type { AttemptOutcome } from './attempt-outcome';
export { candidateNotificationEvents, notificationEventOf } from './notification-event';
export { notificationPayload, templateData, type NotificationPayload } from './notification-payload';
export {
  DEFAULT_RETRY_DELAYS_MS,
  MAX_RETRY_AFTER_MS,
  isRetryableStatus,
  nextRetryDelay,
  retryDelaysOf,
} from './retry-schedule';
export { DELIVERY_HEADERS, NOTIFIER_USER_AGENT } from './webhook-attempt';
export { EVENT_COLOURS, DEFAULT_EMAIL_FROM, DEFAULT_EMAIL_SUBJECT, colourOf } from './email-content';
export { redactedTarget } from './redacted-target';
