/**
 * Approval links (`wait.notify`'s `approvalUrl` / `rejectionUrl`): a token that names one wait of
 * one run, the action it takes and when it expires, signed with the installation's approval key.
 *
 * Format: `a1.<payload>.<signature>`, where payload is base64url of the JSON array
 * `[runId, waitKey, action, expiresAt]` (expiresAt in unix seconds) and signature is base64url of
 * HMAC-SHA256(key, "a1." + payload). Only characters that stay as they are in a URL path. The token
 * grants one decision; that it is used once is the resolver's claim, not the token's.
 */
import { constantTimeEqual } from './constant-time-equal';
import { hmacSha256 } from './hmac-sha256';

export const APPROVAL_ACTIONS = ['approve', 'reject'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export interface ApprovalGrant {
  readonly runId: string;
  readonly waitKey: string;
  readonly action: ApprovalAction;
  /** Unix seconds after which the link is refused. */
  readonly expiresAt: number;
}

export type ApprovalTokenCheck =
  | { readonly ok: true; readonly grant: ApprovalGrant }
  /** Not a token of this format at all (a truncated or mangled link). */
  | { readonly ok: false; readonly code: 'malformed' }
  /** Well formed, but not signed with any of our keys: forged, altered, or from another installation. */
  | { readonly ok: false; readonly code: 'forged' }
  /** Ours, past its expiry. */
  | { readonly ok: false; readonly code: 'expired'; readonly grant: ApprovalGrant };

const VERSION = 'a1';
/** Longest token accepted: a wait key is user text, and a link must stay a link. */
export const MAX_APPROVAL_TOKEN_LENGTH = 4096;

export function signApprovalToken(key: string, grant: ApprovalGrant): string {
  if (key.length === 0) throw new RangeError('an approval link needs a non-empty key');
  const payload = Buffer.from(
    JSON.stringify([grant.runId, grant.waitKey, grant.action, grant.expiresAt]),
    'utf8',
  ).toString('base64url');
  return `${VERSION}.${payload}.${signature(key, payload)}`;
}

/**
 * Checks a token against the keys in use (the first signs; older ones still verify during a
 * rotation) at `now` (milliseconds). The signature is checked before the expiry, so `expired`
 * always means an authentic link that came too late.
 */
export function verifyApprovalToken(keys: readonly string[], token: string, now: number): ApprovalTokenCheck {
  if (token.length > MAX_APPROVAL_TOKEN_LENGTH) return { ok: false, code: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1] + parts[2]))
    return { ok: false, code: 'malformed' };
  const [, payload, received] = parts;
  const grant = decodeGrant(payload);
  if (grant === undefined) return { ok: false, code: 'malformed' };
  const authentic = keys.some(
    (key) => key.length > 0 && constantTimeEqual(signature(key, payload), received),
  );
  if (!authentic) return { ok: false, code: 'forged' };
  if (grant.expiresAt * 1000 <= now) return { ok: false, code: 'expired', grant };
  return { ok: true, grant };
}

function signature(key: string, payload: string): string {
  return hmacSha256(key, [`${VERSION}.`, payload]).toString('base64url');
}

function decodeGrant(payload: string): ApprovalGrant | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [runId, waitKey, action, expiresAt] = value as unknown[];
  if (typeof runId !== 'string' || runId === '' || typeof waitKey !== 'string' || waitKey === '')
    return undefined;
  if (!(APPROVAL_ACTIONS as readonly unknown[]).includes(action)) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt)) return undefined;
  return { runId, waitKey, action: action as ApprovalAction, expiresAt };
}

/** How long the links of a wait without a time-out stay valid. */
export const DEFAULT_APPROVAL_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

export interface ApprovalLinkInput {
  /** BATON_PUBLIC_URL: where ingress answers `GET /approvals/<token>`. */
  readonly publicUrl: string;
  readonly key: string;
  readonly runId: string;
  readonly waitKey: string;
  /** ISO 8601: the wait's time-out; without it the links last DEFAULT_APPROVAL_LINK_TTL_MS from `now`. */
  readonly expiresAt?: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/** `approvalUrl` and `rejectionUrl` of a wait's notice: `<publicUrl>/approvals/<token>`. */
export function approvalLinkUrls(input: ApprovalLinkInput): { approvalUrl: string; rejectionUrl: string } {
  const until = input.expiresAt === undefined ? Number.NaN : Date.parse(input.expiresAt);
  const expiresAt = Math.ceil(
    (Number.isFinite(until) ? until : input.now + DEFAULT_APPROVAL_LINK_TTL_MS) / 1000,
  );
  const base = input.publicUrl.replace(/\/+$/, '');
  const link = (action: ApprovalAction) =>
    `${base}/approvals/${signApprovalToken(input.key, { runId: input.runId, waitKey: input.waitKey, action, expiresAt })}`;
  return { approvalUrl: link('approve'), rejectionUrl: link('reject') };
}
