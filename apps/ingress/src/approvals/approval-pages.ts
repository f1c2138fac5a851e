/**
 * The pages an approval link answers with: small, self-contained HTML (no script, inline styles
 * only), each saying what happened and what to do. Everything shown is escaped.
 */
import { escapeHtml } from '@baton/connectors';
import type { ApprovalAction } from '@baton/signatures';

export interface ApprovalPage {
  readonly status: number;
  readonly html: string;
}

const TONES = { done: '#15803d', refused: '#b91c1c', info: '#1d4ed8' } as const;

function page(
  status: number,
  tone: keyof typeof TONES,
  title: string,
  lines: readonly string[],
): ApprovalPage {
  const colour = TONES[tone];
  const body = lines.map((line) => `<p>${line}</p>`).join('\n');
  return {
    status,
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Baton</title></head>
<body style="font-family:system-ui,sans-serif;color:#111827;background:#f9fafb;margin:0;padding:48px 16px">
<main style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;border-top:6px solid ${colour};padding:24px 32px;box-shadow:0 1px 3px rgba(0,0,0,.1)">
<h1 style="font-size:22px;margin:0 0 16px;color:${colour}">${escapeHtml(title)}</h1>
${body}
</main></body></html>
`,
  };
}

const verb = (action: ApprovalAction) => (action === 'approve' ? 'approved' : 'rejected');
const what = (key: string) => `the request <code>${escapeHtml(key)}</code>`;
const What = (key: string) => `The request <code>${escapeHtml(key)}</code>`;

export const approvalPages = {
  decided: (action: ApprovalAction, key: string) =>
    page(200, 'done', action === 'approve' ? 'Approved' : 'Rejected', [
      `You ${verb(action)} ${what(key)}. The workflow continues with your decision.`,
      'You can close this page.',
    ]),
  alreadyDecided: (key: string, first: unknown, at?: string) => {
    const action = (first as { action?: unknown } | null)?.action;
    const how = action === 'approve' || action === 'reject' ? ` (${verb(action)})` : '';
    return page(409, 'info', 'Already decided', [
      `${What(key)} was already decided${how}${at ? ` at ${escapeHtml(at)}` : ''}.`,
      'A link can be used once; nothing was changed.',
    ]);
  },
  expired: (key: string) =>
    page(410, 'refused', 'This link has expired', [
      `The time to decide on ${what(key)} is over; nothing was changed.`,
      'Ask the sender for a new request if it is still needed.',
    ]),
  closed: (key: string, reason: string) =>
    page(410, 'refused', 'No longer waiting', [
      `${What(key)} is no longer waiting for a decision: ${escapeHtml(reason)}.`,
      'Nothing was changed.',
    ]),
  notOurs: () =>
    page(403, 'refused', 'This link is not valid', [
      'This approval link was not issued by this Baton, or it was altered. Nothing was changed.',
      'Use the link exactly as you received it, or ask the sender for a new one.',
    ]),
  malformed: () =>
    page(400, 'refused', 'This link is not valid', [
      'This is not a complete approval link (it may have been cut or wrapped by your mail program). Nothing was changed.',
      'Copy the whole link from the message and try again.',
    ]),
  foreign: (key: string) =>
    page(409, 'refused', 'This link is for an earlier request', [
      `${What(key)} is waiting again, for another run; this link was issued for an earlier one. Nothing was changed.`,
    ]),
  notWaiting: (key: string) =>
    page(404, 'info', 'Nothing is waiting for this link', [
      `No workflow is waiting for a decision on ${what(key)} right now. Nothing was changed.`,
    ]),
  unavailable: () =>
    page(503, 'refused', 'Try again in a moment', [
      'Baton cannot take the decision right now (its message bus is not reachable). Nothing was changed; the link still works.',
    ]),
};
