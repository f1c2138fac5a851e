/**
 * @baton/provider-fakes (test support): real local servers that speak the protocols of the providers
 * Baton talks to — SMTP (parsed with mailparser) and the HTTP APIs of Twilio, Vonage, AWS SNS
 * (SigV4 verified with our own code), Resend, SendGrid, Anthropic and OpenAI — for specs and e2e
 * suites (operations now, the notifier later).
 */
export { startFakeSmtp, type FakeSmtp, type ReceivedMail } from './fake-smtp';
export { startFakeProviders, type FakeProviders } from './provider-server';
export type { ProviderName, ProviderRequest, ProviderReply } from './provider-request';
export { DEFAULT_CREDENTIALS, type ProviderCredentials } from './provider-credentials';
export { sigV4Problem, type SigV4Credentials, type SignedRequest } from './sigv4-verifier';
export {
  startWebhookReceiver,
  type PlannedAnswer,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './webhook-receiver';
