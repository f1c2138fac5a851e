/**
 * Twilio (Programmable Messaging), Vonage (SMS API) and AWS SNS (Publish to a phone number), with the
 * auth and the errors each documents.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ProviderHandler, ProviderName } from './provider-request';
import { basicAuth, isObject } from './provider-request';
import { sigV4Problem } from './sigv4-verifier';

const twilio: ProviderHandler = (request, { twilio: credentials }) => {
  const auth = basicAuth(request.headers);
  const accountInPath = /\/Accounts\/([^/]+)\//.exec(request.path)?.[1];
  const twilioError = (status: number, code: number, message: string) => ({
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  });
  if (
    auth === undefined ||
    auth.user !== credentials.accountSid ||
    auth.password !== credentials.authToken ||
    accountInPath !== credentials.accountSid
  ) {
    return twilioError(401, 20003, 'Authenticate');
  }
  if (!String(request.headers['content-type']).includes('application/x-www-form-urlencoded'))
    return twilioError(400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
  const form = isObject(request.body) ? request.body : {};
  if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!form.From && !form.MessagingServiceSid)
    return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!form.Body) return twilioError(400, 21602, 'Message body is required.');
  return {
    status: 201,
    body: {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: credentials.accountSid,
      to: form.To,
      from: form.From ?? null,
      body: form.Body,
      status: 'queued',
      num_segments: '1',
      date_created: new Date().toUTCString(),
    },
  };
};

const vonage: ProviderHandler = (request, { vonage: credentials }) => {
  const fields = isObject(request.body) ? request.body : {};
  const failure = (status: string, text: string) => ({
    status: 200,
    body: { 'message-count': '1', messages: [{ status, 'error-text': text }] },
  });
  if (fields.api_key !== credentials.apiKey || fields.api_secret !== credentials.apiSecret)
    return failure('4', 'Bad Credentials');
  if (!fields.to) return failure('2', 'Missing to param');
  if (!fields.from) return failure('2', 'Missing from param');
  if (!fields.text) return failure('2', 'Missing text param');
  return {
    status: 200,
    body: {
      'message-count': '1',
      messages: [
        {
          to: fields.to,
          'message-id': randomUUID(),
          status: '0',
          'remaining-balance': '10.00',
          'message-price': '0.03',
          network: '12345',
        },
      ],
    },
  };
};

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

const sns: ProviderHandler = (request, { sns: credentials }) => {
  const snsError = (status: number, code: string, message: string) => ({
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  });
  const problem = sigV4Problem(
    { method: request.method, url: request.url, headers: request.headers, body: request.raw },
    { ...credentials, service: 'sns' },
  );
  if (problem) return snsError(403, problem.code, problem.reason);
  const form = isObject(request.body) ? request.body : {};
  if (form.Action !== 'Publish')
    return snsError(400, 'InvalidAction', `Could not find operation ${String(form.Action)}`);
  if (!form.PhoneNumber && !form.TargetArn && !form.TopicArn)
    return snsError(
      400,
      'InvalidParameter',
      'Invalid parameter: PhoneNumber, TargetArn or TopicArn is required',
    );
  if (!form.Message) return snsError(400, 'InvalidParameter', 'Invalid parameter: Empty message');
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<PublishResponse xmlns="${SNS_NAMESPACE}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  };
};

export const smsHandlers: {
  readonly [provider in Extract<ProviderName, 'twilio' | 'vonage' | 'sns'>]: ProviderHandler;
} = {
  twilio,
  vonage,
  sns,
};
