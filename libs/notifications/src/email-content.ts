/**
 * The email of an execution notification (dsl.md): a plain-text part holding the event as JSON (the
 * webhook body), and an HTML part colour-coded by event — green for completed, red for failed and
 * timeout, blue for the rest.
 */
import { escapeHtml } from '@baton/connectors';
import type { NotificationEvent } from '@baton/model';
import type { NotificationPayload } from './notification-payload';

export const EVENT_COLOURS = {
  completed: '#15803d',
  failed: '#b91c1c',
  other: '#1d4ed8',
} as const;

/** The default subject when a notification gives none. */
export const DEFAULT_EMAIL_SUBJECT = '[${event}] ${ensemble.name}';
/** The default sender when a notification gives none. */
export const DEFAULT_EMAIL_FROM = 'Baton <notifications@baton.local>';

export function colourOf(event: NotificationEvent): string {
  if (event === 'execution.completed' || event === 'agent.completed') return EVENT_COLOURS.completed;
  if (event === 'execution.failed' || event === 'execution.timeout' || event === 'agent.failed')
    return EVENT_COLOURS.failed;
  return EVENT_COLOURS.other;
}

export function emailText(payload: NotificationPayload): string {
  return `${JSON.stringify(payload, null, 2)}\n`;
}

export function emailHtml(payload: NotificationPayload, subject: string): string {
  const colour = colourOf(payload.event);
  const { data } = payload;
  const rows: Array<[string, unknown]> = [
    ['Event', payload.event],
    ['Ensemble', data.ensemble],
    ['Run', data.id],
    ...(typeof data.agent === 'string' ? [['Agent', data.agent] as [string, unknown]] : []),
    ['Status', data.status],
    ['Duration', data.duration === null ? '–' : `${data.duration} ms`],
    ['At', payload.timestamp],
    ...(data.error === null || data.error === undefined
      ? []
      : [['Error', errorText(data.error)] as [string, unknown]]),
  ];
  const cells = rows
    .map(
      ([name, value]) =>
        `<tr><th style="text-align:left;padding:4px 12px 4px 0;color:#374151">${escapeHtml(name)}</th>` +
        `<td style="padding:4px 0">${escapeHtml(String(value))}</td></tr>`,
    )
    .join('');
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#111827;margin:0;padding:16px">',
    `<div data-event="${escapeHtml(payload.event)}" style="border-left:6px solid ${colour};padding:8px 16px">`,
    `<h1 style="font-size:18px;margin:0 0 12px;color:${colour}">${escapeHtml(payload.event)} · ${escapeHtml(data.ensemble)}</h1>`,
    `<table style="border-collapse:collapse;font-size:14px">${cells}</table>`,
    `<pre style="background:#f3f4f6;padding:12px;font-size:12px;overflow:auto">${escapeHtml(JSON.stringify(payload, null, 2))}</pre>`,
    '</div></body></html>',
  ].join('\n');
}

function errorText(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  )
    return (error as { message: string }).message;
  return JSON.stringify(error);
}
