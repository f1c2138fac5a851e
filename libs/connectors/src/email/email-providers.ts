/**
 * Sending one `EmailMessage` with each provider: SMTP through nodemailer, Resend (`POST /emails`)
 * and SendGrid (`POST /v3/mail/send`) through the outbound guard. Each answers `{ messageId,
 * accepted }` or a failure value: retryable for connection trouble, 5xx/429 and SMTP 4xx replies.
 */
import type { Task } from '@baton/engine';
import type { ConnectorDeps } from '../connector-deps';
import { failed, messageOf, succeeded, type TaskOutcome } from '../outcome';
import {
  endpoint,
  exchange,
  isFailure,
  isSuccessStatus,
  jsonField,
  requestLabel,
  statusFailure,
} from '../http/http-exchange';
import { recipientsOf, type EmailMessage } from './email-message';
import { DEFAULT_SMTP_TRANSPORT_OPTIONS, smtpTransport } from './smtp-transports';

/**
 * What sending needs of its caller: an operation's request has all of it; the notifier, which sends
 * emails outside any task, builds one of its own.
 */
export interface EmailSending {
  readonly deps: Pick<ConnectorDeps, 'outbound' | 'smtp'>;
  /** Resend's `Idempotency-Key`: stable across attempts of one message. */
  readonly task: Pick<Task, 'idempotencyKey'>;
  readonly signal: AbortSignal;
}

export const RESEND_BASE_URL = 'https://api.resend.com';
export const SENDGRID_BASE_URL = 'https://api.sendgrid.com';

export async function sendWithSmtp(
  request: EmailSending,
  url: string,
  message: EmailMessage,
): Promise<TaskOutcome> {
  const pooled = request.deps.smtp?.transport(url);
  const transport = pooled ?? smtpTransport(url, { ...DEFAULT_SMTP_TRANSPORT_OPTIONS, pool: false });
  try {
    const info = (await transport.sendMail({
      from: message.from,
      to: [...message.to],
      cc: [...message.cc],
      bcc: [...message.bcc],
      ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
      subject: message.subject,
      ...(message.html === undefined ? {} : { html: message.html }),
      ...(message.text === undefined ? {} : { text: message.text }),
      messageId: message.messageId,
    })) as { messageId: string; accepted: (string | { address: string })[] };
    const accepted = info.accepted.map((entry) => (typeof entry === 'string' ? entry : entry.address));
    return succeeded({ messageId: info.messageId, accepted });
  } catch (error) {
    return smtpFailure(error);
  } finally {
    if (pooled === undefined) transport.close();
  }
}

/** nodemailer's error codes: EAUTH (login refused), EENVELOPE, ECONNECTION, ETIMEDOUT, … */
function smtpFailure(error: unknown): TaskOutcome {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reason = `SMTP: ${messageOf(error)}`;
  if (code === 'EAUTH') return failed('provider-error', reason, { retryable: false });
  if (typeof responseCode === 'number') {
    return failed('provider-error', reason, {
      retryable: responseCode >= 400 && responseCode < 500,
      status: responseCode,
    });
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return failed('provider-error', reason, { retryable: false });
  return failed('network-error', reason, { retryable: true });
}

export async function sendWithResend(
  request: EmailSending,
  credentials: { apiKey: string; baseUrl: string },
  message: EmailMessage,
): Promise<TaskOutcome> {
  const body = {
    from: message.from,
    to: message.to,
    ...(message.cc.length === 0 ? {} : { cc: message.cc }),
    ...(message.bcc.length === 0 ? {} : { bcc: message.bcc }),
    ...(message.replyTo === undefined ? {} : { reply_to: message.replyTo }),
    subject: message.subject,
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(message.text === undefined ? {} : { text: message.text }),
  };
  const http = {
    method: 'POST',
    url: endpoint(credentials.baseUrl, '/emails'),
    headers: {
      authorization: `Bearer ${credentials.apiKey}`,
      'content-type': 'application/json',
      // Resend keeps an idempotency key for 24 hours: a retried attempt sends nothing twice.
      'idempotency-key': request.task.idempotencyKey,
    },
    body: JSON.stringify(body),
  };
  const answer = await exchange(request.deps.outbound, http, request.signal);
  if (isFailure(answer)) return answer;
  if (!isSuccessStatus(answer.status)) return statusFailure(`Resend: ${requestLabel(http)}`, answer);
  const id = jsonField(answer.text, 'id');
  return succeeded({
    messageId: typeof id === 'string' ? id : message.messageId,
    accepted: recipientsOf(message),
  });
}

export async function sendWithSendgrid(
  request: EmailSending,
  credentials: { apiKey: string; baseUrl: string },
  message: EmailMessage,
): Promise<TaskOutcome> {
  const address = (email: string) => ({ email });
  const content = [
    ...(message.text === undefined ? [] : [{ type: 'text/plain', value: message.text }]),
    ...(message.html === undefined ? [] : [{ type: 'text/html', value: message.html }]),
  ];
  const body = {
    personalizations: [
      {
        to: message.to.map(address),
        ...(message.cc.length === 0 ? {} : { cc: message.cc.map(address) }),
        ...(message.bcc.length === 0 ? {} : { bcc: message.bcc.map(address) }),
      },
    ],
    from: address(message.from),
    ...(message.replyTo === undefined ? {} : { reply_to: address(message.replyTo) }),
    subject: message.subject,
    content,
  };
  const http = {
    method: 'POST',
    url: endpoint(credentials.baseUrl, '/v3/mail/send'),
    headers: { authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
  const answer = await exchange(request.deps.outbound, http, request.signal);
  if (isFailure(answer)) return answer;
  if (!isSuccessStatus(answer.status)) return statusFailure(`SendGrid: ${requestLabel(http)}`, answer);
  return succeeded({
    messageId: answer.headers['x-message-id'] ?? message.messageId,
    accepted: recipientsOf(message),
  });
}
