/**
 * The `email` operation: `provider: smtp|resend|sendgrid`, else the provider of `connection`, else
 * SMTP when `SMTP_URL` is set (interfaces.md), else Resend or SendGrid when their API key is in the
 * environment. Output `{ messageId, accepted }`. `sendEmail` is what a notify's email channel uses.
 */
import { optionalString, type Fields } from '../config-fields';
import { namedConnection } from '../connections';
import type { OperationRequest } from '../operation';
import { invalidConfig, type TaskOutcome } from '../outcome';
import { emailMessage } from './email-message';
import type { EmailMessage } from './email-message';
import {
  RESEND_BASE_URL,
  SENDGRID_BASE_URL,
  sendWithResend,
  sendWithSendgrid,
  sendWithSmtp,
  type EmailSending,
} from './email-providers';

const EMAIL_PROVIDERS = ['smtp', 'resend', 'sendgrid'] as const;
type EmailProvider = (typeof EMAIL_PROVIDERS)[number];

export function runEmail(request: OperationRequest): Promise<TaskOutcome> {
  return sendEmail(request, request.config);
}

/** Sends the email `fields` describe (an email agent's config, or a notify's email channel). */
export async function sendEmail(request: OperationRequest, fields: Fields): Promise<TaskOutcome> {
  const connectionName = optionalString(fields.connection, 'connection');
  const connection =
    connectionName === undefined ? {} : namedConnection(request, connectionName, EMAIL_PROVIDERS);
  const provider = emailProvider(request, fields, connection);
  const message = await emailMessage(request, fields, connection);
  const { env } = request;
  switch (provider) {
    case 'smtp': {
      const url = optionalString(fields.url ?? connection.url, 'url') ?? env['SMTP_URL'];
      if (url === undefined || url === '')
        invalidConfig('email over SMTP needs SMTP_URL or an smtp connection');
      return sendWithSmtp(request, url, message);
    }
    case 'resend':
      return sendWithResend(
        request,
        apiCredentials(fields, connection, env['RESEND_API_KEY'], RESEND_BASE_URL),
        message,
      );
    case 'sendgrid':
      return sendWithSendgrid(
        request,
        apiCredentials(fields, connection, env['SENDGRID_API_KEY'], SENDGRID_BASE_URL),
        message,
      );
  }
}

/**
 * Sends a message built elsewhere (the notifier's emails) with the provider the environment
 * configures: SMTP_URL, else RESEND_API_KEY, else SENDGRID_API_KEY. Throws OperationFailure when
 * none is set.
 */
export async function sendEmailMessage(
  sending: EmailSending,
  env: Readonly<Record<string, string | undefined>>,
  message: EmailMessage,
): Promise<TaskOutcome> {
  switch (providerFromEnv(env)) {
    case 'smtp':
      return sendWithSmtp(sending, env['SMTP_URL'] ?? '', message);
    case 'resend':
      return sendWithResend(sending, apiCredentials({}, {}, env['RESEND_API_KEY'], RESEND_BASE_URL), message);
    case 'sendgrid':
      return sendWithSendgrid(
        sending,
        apiCredentials({}, {}, env['SENDGRID_API_KEY'], SENDGRID_BASE_URL),
        message,
      );
  }
}

function emailProvider(request: OperationRequest, fields: Fields, connection: Fields): EmailProvider {
  const written = fields.provider ?? connection.type;
  if (written !== undefined) {
    if (!(EMAIL_PROVIDERS as readonly unknown[]).includes(written))
      invalidConfig(`email provider must be ${EMAIL_PROVIDERS.join(', ')}, not ${JSON.stringify(written)}`);
    return written as EmailProvider;
  }
  return providerFromEnv(request.env);
}

function providerFromEnv(env: Readonly<Record<string, string | undefined>>): EmailProvider {
  if (env['SMTP_URL']) return 'smtp';
  if (env['RESEND_API_KEY']) return 'resend';
  if (env['SENDGRID_API_KEY']) return 'sendgrid';
  return invalidConfig(
    'email needs a provider: set SMTP_URL, give provider: smtp|resend|sendgrid, or name a connection',
  );
}

function apiCredentials(
  fields: Fields,
  connection: Fields,
  envKey: string | undefined,
  defaultBaseUrl: string,
): { apiKey: string; baseUrl: string } {
  const apiKey = optionalString(fields.apiKey ?? connection.apiKey, 'apiKey') ?? envKey;
  if (apiKey === undefined || apiKey === '')
    invalidConfig('the email provider needs apiKey (or its API key in the environment)');
  const baseUrl = optionalString(fields.baseUrl ?? connection.baseUrl, 'baseUrl') ?? defaultBaseUrl;
  return { apiKey, baseUrl };
}
