/**
 * One text message with each provider, over its documented HTTP API and through the outbound guard:
 * - Twilio: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, Basic auth (sid:token), form
 *   `To`, `From`, `Body` → `{ sid, status }`;
 * - Vonage SMS API: `POST /sms/json`, form with `api_key`/`api_secret`, `from`, `to`, `text` →
 *   `messages[0].status` "0" on success (failures answer 200 too, with a status and error text);
 * - AWS SNS `Publish` to a phone number: form `Action=Publish&PhoneNumber&Message`, signed with
 *   SigV4 by the AWS SDK's own signer (`@smithy/signature-v4`) → XML with `<MessageId>`.
 * Output `{ id, status }`.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { OperationRequest } from '../operation';
import { failed, succeeded, type TaskOutcome } from '../outcome';
import {
  endpoint,
  exchange,
  isFailure,
  isSuccessStatus,
  jsonField,
  requestLabel,
  statusFailure,
  type HttpExchange,
} from '../http/http-exchange';

export interface SmsMessage {
  readonly from?: string;
  readonly to: string;
  readonly body: string;
}

export const TWILIO_BASE_URL = 'https://api.twilio.com';
export const VONAGE_BASE_URL = 'https://rest.nexmo.com';
export const snsBaseUrl = (region: string): string => `https://sns.${region}.amazonaws.com`;

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** Vonage statuses worth another attempt: 1 throttled, 5 internal error. */
const VONAGE_RETRYABLE = new Set(['1', '5']);

async function send(request: OperationRequest, provider: string, http: HttpExchange) {
  const answer = await exchange(request.deps.outbound, http, request.signal);
  if (isFailure(answer)) return answer;
  if (!isSuccessStatus(answer.status)) return statusFailure(`${provider}: ${requestLabel(http)}`, answer);
  return answer;
}

export async function sendWithTwilio(
  request: OperationRequest,
  credentials: { accountSid: string; authToken: string; baseUrl: string },
  message: SmsMessage,
): Promise<TaskOutcome> {
  const form = new URLSearchParams({ To: message.to, Body: message.body });
  if (message.from !== undefined) form.set('From', message.from);
  const basic = Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64');
  const answer = await send(request, 'Twilio', {
    method: 'POST',
    url: endpoint(
      credentials.baseUrl,
      `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/Messages.json`,
    ),
    headers: { authorization: `Basic ${basic}`, 'content-type': FORM },
    body: form.toString(),
  });
  if ('ok' in answer) return answer;
  const sid = jsonField(answer.text, 'sid');
  const status = jsonField(answer.text, 'status');
  if (typeof sid !== 'string') return unexpected('Twilio', answer.text);
  return succeeded({ id: sid, status: typeof status === 'string' ? status : 'queued' });
}

export async function sendWithVonage(
  request: OperationRequest,
  credentials: { apiKey: string; apiSecret: string; baseUrl: string },
  message: SmsMessage,
): Promise<TaskOutcome> {
  const form = new URLSearchParams({
    api_key: credentials.apiKey,
    api_secret: credentials.apiSecret,
    to: message.to,
    text: message.body,
  });
  if (message.from !== undefined) form.set('from', message.from);
  const answer = await send(request, 'Vonage', {
    method: 'POST',
    url: endpoint(credentials.baseUrl, '/sms/json'),
    headers: { 'content-type': FORM },
    body: form.toString(),
  });
  if ('ok' in answer) return answer;
  const messages = jsonField(answer.text, 'messages');
  const first = Array.isArray(messages) ? (messages[0] as Record<string, unknown> | undefined) : undefined;
  if (first === undefined || typeof first.status !== 'string') return unexpected('Vonage', answer.text);
  if (first.status !== '0') {
    return failed(
      'provider-error',
      `Vonage refused the message: ${String(first['error-text'])} (status ${first.status})`,
      {
        retryable: VONAGE_RETRYABLE.has(first.status),
      },
    );
  }
  return succeeded({ id: String(first['message-id']), status: 'accepted' });
}

export async function sendWithSns(
  request: OperationRequest,
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    region: string;
    baseUrl: string;
  },
  message: SmsMessage,
): Promise<TaskOutcome> {
  const form = new URLSearchParams({
    Action: 'Publish',
    Version: '2010-03-31',
    PhoneNumber: message.to,
    Message: message.body,
  });
  if (message.from !== undefined) {
    form.set('MessageAttributes.entry.1.Name', 'AWS.SNS.SMS.SenderID');
    form.set('MessageAttributes.entry.1.Value.DataType', 'String');
    form.set('MessageAttributes.entry.1.Value.StringValue', message.from);
  }
  const url = endpoint(credentials.baseUrl, '/');
  const body = form.toString();
  const signer = new SignatureV4({
    service: 'sns',
    region: credentials.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': FORM },
    body,
  });
  const answer = await send(request, 'SNS', {
    method: 'POST',
    url,
    headers: signed.headers as Record<string, string>,
    body,
  });
  if ('ok' in answer) return answer;
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.text)?.[1];
  if (messageId === undefined) return unexpected('SNS', answer.text);
  return succeeded({ id: messageId, status: 'accepted' });
}

function unexpected(provider: string, text: string): TaskOutcome {
  return failed('provider-error', `${provider} answered something unexpected: ${text.slice(0, 200)}`, {
    retryable: false,
  });
}
