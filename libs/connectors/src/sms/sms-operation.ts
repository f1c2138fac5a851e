/**
 * The `sms` operation: `provider: twilio|vonage|sns` (else the `connection`'s type, else the one
 * whose credentials the environment holds), `to`, `from`, `body` (alias `message`). Credentials come
 * from `credentials: {…}`, the config itself, the connection, then the environment
 * (`TWILIO_ACCOUNT_SID`/`TWILIO_AUTH_TOKEN`, `VONAGE_API_KEY`/`VONAGE_API_SECRET`,
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`/`AWS_REGION`). `sendSms` is what a
 * notify's sms channel uses.
 */
import { objectField, optionalString, requiredString, type Fields } from '../config-fields';
import { namedConnection } from '../connections';
import type { OperationRequest } from '../operation';
import { invalidConfig, type TaskOutcome } from '../outcome';
import {
  sendWithSns,
  sendWithTwilio,
  sendWithVonage,
  snsBaseUrl,
  TWILIO_BASE_URL,
  VONAGE_BASE_URL,
  type SmsMessage,
} from './sms-providers';

const SMS_PROVIDERS = ['twilio', 'vonage', 'sns'] as const;
type SmsProvider = (typeof SMS_PROVIDERS)[number];

export function runSms(request: OperationRequest): Promise<TaskOutcome> {
  return sendSms(request, request.config);
}

export async function sendSms(request: OperationRequest, fields: Fields): Promise<TaskOutcome> {
  const connectionName = optionalString(fields.connection, 'connection');
  const connection =
    connectionName === undefined ? {} : namedConnection(request, connectionName, SMS_PROVIDERS);
  const provider = smsProvider(request, fields, connection);
  // the settings in order: credentials: {…}, the config itself, the connection
  const settings: Fields = { ...connection, ...fields, ...objectField(fields.credentials, 'credentials') };
  const setting = (key: string, envName?: string): string | undefined =>
    optionalString(settings[key], key) ?? (envName === undefined ? undefined : request.env[envName]);
  const required = (key: string, envName: string): string =>
    requiredString(setting(key, envName), `${key} (or ${envName})`);
  const message = smsMessage(fields);
  switch (provider) {
    case 'twilio':
      return sendWithTwilio(
        request,
        {
          accountSid: required('accountSid', 'TWILIO_ACCOUNT_SID'),
          authToken: required('authToken', 'TWILIO_AUTH_TOKEN'),
          baseUrl: setting('baseUrl') ?? TWILIO_BASE_URL,
        },
        message,
      );
    case 'vonage':
      return sendWithVonage(
        request,
        {
          apiKey: required('apiKey', 'VONAGE_API_KEY'),
          apiSecret: required('apiSecret', 'VONAGE_API_SECRET'),
          baseUrl: setting('baseUrl') ?? VONAGE_BASE_URL,
        },
        message,
      );
    case 'sns': {
      const region = setting('region', 'AWS_REGION') ?? request.env['AWS_DEFAULT_REGION'];
      if (region === undefined || region === '') invalidConfig('sns needs region (or AWS_REGION)');
      const sessionToken = setting('sessionToken', 'AWS_SESSION_TOKEN');
      return sendWithSns(
        request,
        {
          accessKeyId: required('accessKeyId', 'AWS_ACCESS_KEY_ID'),
          secretAccessKey: required('secretAccessKey', 'AWS_SECRET_ACCESS_KEY'),
          ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }),
          region,
          baseUrl: setting('baseUrl') ?? snsBaseUrl(region),
        },
        message,
      );
    }
  }
}

function smsProvider(request: OperationRequest, fields: Fields, connection: Fields): SmsProvider {
  const written = fields.provider ?? connection.type;
  if (written !== undefined) {
    if (!(SMS_PROVIDERS as readonly unknown[]).includes(written))
      invalidConfig(`sms provider must be ${SMS_PROVIDERS.join(', ')}, not ${JSON.stringify(written)}`);
    return written as SmsProvider;
  }
  const { env } = request;
  if (env['TWILIO_ACCOUNT_SID']) return 'twilio';
  if (env['VONAGE_API_KEY']) return 'vonage';
  if (env['AWS_ACCESS_KEY_ID']) return 'sns';
  return invalidConfig('sms needs provider: twilio, vonage or sns (or a connection of one of these types)');
}

function smsMessage(fields: Fields): SmsMessage {
  const to = requiredString(fields.to, 'to');
  const body = requiredString(fields.body ?? fields.message, 'body');
  const from = optionalString(fields.from, 'from');
  return { to, body, ...(from === undefined || from === '' ? {} : { from }) };
}
