/**
 * The `notify` operation: one message over several channels at once —
 * `channels: { http: { connection | url, path, method, headers, query, json | body, timeout },
 * email: { … as the email operation }, sms: { … as the sms operation } }`, or `template` (a
 * `notification` template, its `{{name}}` placeholders filled from `data`, HTML-escaped in email
 * html) + `data`, whose channels the written `channels` may override field by field.
 * Output: each channel's result (`http: { status, body }`, `email: { messageId, accepted }`,
 * `sms: { id, status }`). When a channel fails the step fails (`notify-failed`, naming each failed
 * channel; retryable when one of the failures is), so the engine's retry policy applies.
 * `sendNotice` is shared with the notice a `wait` agent sends (its `notify:`).
 */
import type { Value } from '@baton/model';
import type { ApprovalLinks } from '../connector-deps';
import { objectField, optionalString, type Fields } from '../config-fields';
import { sendEmail } from '../email/email-operation';
import { fillEmailFields } from '../email/email-template';
import { runHttp } from '../http/http-operation';
import { fillTemplate } from '../http/request-template';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, OperationFailure, succeeded, type TaskOutcome } from '../outcome';
import { sendSms } from '../sms/sms-operation';

const CHANNELS = ['http', 'email', 'sms'] as const;
type Channel = (typeof CHANNELS)[number];

export function runNotify(request: OperationRequest): Promise<TaskOutcome> {
  // a wait agent's notice is a notify task of the wait agent: its spec is the wait's `notify:`
  const spec =
    request.agent.operation === 'wait' ? objectField(request.config.notify, 'notify') : request.config;
  return sendNotice(request, spec);
}

export async function sendNotice(request: OperationRequest, spec: Fields): Promise<TaskOutcome> {
  const channels = noticeChannels(request, spec);
  const names = Object.keys(channels) as Channel[];
  if (names.length === 0) invalidConfig('notify needs channels (http, email or sms) or a template');
  const outcomes = await Promise.all(names.map((name) => sendChannel(request, name, channels[name] ?? {})));
  const failures = names.flatMap((name, index) => {
    const outcome = outcomes[index];
    return outcome.ok ? [] : [{ name, outcome }];
  });
  if (failures.length > 0) {
    const reasons = failures.map(({ name, outcome }) => `${name}: ${outcome.error.message}`).join('; ');
    return failed(
      'notify-failed',
      `notify: ${failures.length} of ${names.length} channels failed (${reasons})`,
      {
        retryable: failures.some(({ outcome }) => outcome.retryable === true),
      },
    );
  }
  return succeeded(
    Object.fromEntries(names.map((name, index) => [name, (outcomes[index] as { output: unknown }).output])),
  );
}

function noticeChannels(request: OperationRequest, spec: Fields): Partial<Record<Channel, Fields>> {
  const links = request.approvalLinks;
  // A wait's notice: its links fill `{{approvalUrl}}`/`{{rejectionUrl}}` wherever they are written,
  // and a template's data has them too (its own values of the same names win).
  const written =
    links === undefined
      ? objectField(spec.channels, 'channels')
      : (fillApprovalLinks(objectField(spec.channels, 'channels'), links) as Fields);
  const templateName = optionalString(spec.template, 'template');
  const data =
    links === undefined
      ? spec.data
      : {
          approvalUrl: links.approvalUrl,
          rejectionUrl: links.rejectionUrl,
          ...objectField(spec.data, 'data'),
        };
  const fromTemplate = templateName === undefined ? {} : templateChannels(request, templateName, data);
  const channels: Partial<Record<Channel, Fields>> = {};
  for (const name of new Set([...Object.keys(fromTemplate), ...Object.keys(written)])) {
    if (!(CHANNELS as readonly string[]).includes(name))
      invalidConfig(`notify channel must be ${CHANNELS.join(', ')}, not '${name}'`);
    channels[name as Channel] = {
      ...objectField(fromTemplate[name], `template channel ${name}`),
      ...objectField(written[name], `channels.${name}`),
    };
  }
  return channels;
}

const APPROVAL_PLACEHOLDER = /\{\{\s*(approvalUrl|rejectionUrl)\s*\}\}/g;

/** Only the two link placeholders: any other `{{…}}` in written channels stays as written. */
function fillApprovalLinks(value: unknown, links: ApprovalLinks): unknown {
  if (typeof value === 'string')
    return value.replace(APPROVAL_PLACEHOLDER, (_match, name: keyof ApprovalLinks) => links[name]);
  if (Array.isArray(value)) return value.map((item) => fillApprovalLinks(item, links));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillApprovalLinks(item, links)]),
    );
  return value;
}

function templateChannels(request: OperationRequest, name: string, data: unknown): Fields {
  const template = request.definition.templates[name];
  if (template?.type !== 'notification') {
    throw new OperationFailure(
      failed(
        'unknown-template',
        `template '${name}' is not a notification template of ensemble '${request.definition.name}'`,
        {
          retryable: false,
        },
      ),
    );
  }
  const channels = request.evaluate(template.channels as Value) as Fields;
  return Object.fromEntries(
    Object.entries(channels).map(([channel, fields]) => [
      channel,
      channel === 'email'
        ? fillEmailFields(objectField(fields, `template channel ${channel}`), data)
        : fillTemplate(fields, data),
    ]),
  );
}

function sendChannel(request: OperationRequest, channel: Channel, fields: Fields): Promise<TaskOutcome> {
  switch (channel) {
    case 'http':
      return sendHttpChannel(request, fields);
    case 'email':
      return sendEmail(request, fields);
    case 'sms':
      return sendSms(request, fields);
  }
}

/** The http channel is an `http` request (same breaker, same guard), POST by default. */
async function sendHttpChannel(request: OperationRequest, fields: Fields): Promise<TaskOutcome> {
  const headers = objectField(fields.headers, 'channels.http.headers');
  const hasIdempotencyKey = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
  const config: Fields = {
    ...(fields.connection === undefined ? {} : { connection: fields.connection }),
    url: fields.url ?? fields.path,
    method: fields.method ?? 'POST',
    headers: hasIdempotencyKey
      ? headers
      : { ...headers, 'Idempotency-Key': `${request.task.idempotencyKey}:http` },
    ...(fields.query === undefined ? {} : { query: fields.query }),
    ...(fields.json !== undefined
      ? { body: fields.json }
      : fields.body !== undefined
        ? { body: fields.body }
        : {}),
    ...(fields.timeout === undefined ? {} : { timeout: fields.timeout }),
  };
  const outcome = await runHttp({ ...request, config });
  if (!outcome.ok) return outcome;
  return succeeded({ status: outcome.response?.status, body: outcome.output });
}
