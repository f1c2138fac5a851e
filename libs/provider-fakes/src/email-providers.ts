/** Resend (`POST /emails`) and SendGrid (`POST /v3/mail/send`), with the auth and validation each documents. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ProviderHandler, ProviderName } from './provider-request';
import { bearerToken, isObject } from './provider-request';

const resend: ProviderHandler = (request, { resend: credentials }) => {
  const error = (statusCode: number, name: string, message: string) => ({
    status: statusCode,
    body: { statusCode, name, message },
  });
  const token = bearerToken(request.headers);
  if (token === undefined)
    return error(401, 'missing_api_key', 'Missing API key in the authorization header');
  if (token !== credentials.apiKey) return error(403, 'validation_error', 'API key is invalid');
  const body = isObject(request.body) ? request.body : {};
  for (const field of ['from', 'to', 'subject']) {
    if (body[field] === undefined || body[field] === '')
      return error(422, 'missing_required_field', `Missing \`${field}\` field.`);
  }
  if (body.html === undefined && body.text === undefined)
    return error(422, 'missing_required_field', 'Missing `html` or `text` field.');
  return { status: 200, body: { id: randomUUID() } };
};

const sendgrid: ProviderHandler = (request, { sendgrid: credentials }) => {
  const error = (status: number, message: string, field: string | null = null) => ({
    status,
    body: { errors: [{ message, field, help: null }] },
  });
  if (bearerToken(request.headers) !== credentials.apiKey)
    return error(401, 'The provided authorization grant is invalid, expired, or revoked');
  const body = isObject(request.body) ? request.body : {};
  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : [];
  if (personalizations.length === 0)
    return error(
      400,
      'The personalizations field is required and must have at least 1 item.',
      'personalizations',
    );
  for (const personalization of personalizations) {
    const to = isObject(personalization) && Array.isArray(personalization.to) ? personalization.to : [];
    if (to.length === 0 || !to.every((entry) => isObject(entry) && typeof entry.email === 'string'))
      return error(
        400,
        'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        'personalizations.0.to',
      );
  }
  if (!isObject(body.from) || typeof body.from.email !== 'string')
    return error(400, 'The from object must be provided for every email send.', 'from');
  if (typeof body.subject !== 'string' || body.subject === '')
    return error(400, 'The subject is required.', 'subject');
  const content = Array.isArray(body.content) ? body.content : [];
  if (
    content.length === 0 ||
    !content.every(
      (part) => isObject(part) && typeof part.type === 'string' && typeof part.value === 'string',
    )
  )
    return error(
      400,
      'Unless a valid template_id is provided, the content parameter is required.',
      'content',
    );
  const types = content.map((part) => (part as { type: string }).type);
  if (types.includes('text/plain') && types[0] !== 'text/plain')
    return error(
      400,
      'If present, text/plain content must be first, followed by any other content.',
      'content',
    );
  return { status: 202, headers: { 'x-message-id': randomBytes(11).toString('base64url') } };
};

export const emailHandlers: {
  readonly [provider in Extract<ProviderName, 'resend' | 'sendgrid'>]: ProviderHandler;
} = {
  resend,
  sendgrid,
};
