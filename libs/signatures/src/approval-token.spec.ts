import {
  approvalLinkUrls,
  DEFAULT_APPROVAL_LINK_TTL_MS,
  signApprovalToken,
  verifyApprovalToken,
  type ApprovalGrant,
} from './approval-token';

const KEY = 'k3y-of-this-installation-0123456789';
const NOW = Date.parse('2026-12-01T10:00:00Z');
const grant: ApprovalGrant = {
  runId: 'run-7',
  waitKey: 'expense exp-9 / ünï',
  action: 'approve',
  expiresAt: NOW / 1000 + 3600,
};

describe('approval tokens', () => {
  it('round-trips a grant in a token made only of URL path characters', () => {
    const token = signApprovalToken(KEY, grant);
    expect(token).toMatch(/^a1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(verifyApprovalToken([KEY], token, NOW)).toEqual({ ok: true, grant });
  });

  it('verifies with an older key during a rotation', () => {
    const token = signApprovalToken('old-key-0123456789', grant);
    expect(verifyApprovalToken([KEY, 'old-key-0123456789'], token, NOW)).toMatchObject({ ok: true });
  });

  it('calls a link signed with another key, or altered in any part, forged', () => {
    const foreign = signApprovalToken('another-installation-key', grant);
    expect(verifyApprovalToken([KEY], foreign, NOW)).toEqual({ ok: false, code: 'forged' });
    const token = signApprovalToken(KEY, grant);
    const [version, , sig] = token.split('.');
    const rejecting = Buffer.from(
      JSON.stringify([grant.runId, grant.waitKey, 'reject', grant.expiresAt]),
    ).toString('base64url');
    expect(verifyApprovalToken([KEY], `${version}.${rejecting}.${sig}`, NOW)).toEqual({
      ok: false,
      code: 'forged',
    });
    const later = Buffer.from(
      JSON.stringify([grant.runId, grant.waitKey, grant.action, grant.expiresAt + 86_400]),
    ).toString('base64url');
    expect(verifyApprovalToken([KEY], `${version}.${later}.${sig}`, NOW)).toMatchObject({ code: 'forged' });
    expect(verifyApprovalToken([], token, NOW)).toMatchObject({ code: 'forged' });
    expect(verifyApprovalToken([''], token, NOW)).toMatchObject({ code: 'forged' });
  });

  it('calls an authentic link past its expiry expired, naming its grant', () => {
    const token = signApprovalToken(KEY, { ...grant, expiresAt: NOW / 1000 });
    expect(verifyApprovalToken([KEY], token, NOW)).toEqual({
      ok: false,
      code: 'expired',
      grant: { ...grant, expiresAt: NOW / 1000 },
    });
  });

  it.each([
    ['', 'empty'],
    ['a1', 'one part'],
    ['a1.x.y.z', 'four parts'],
    ['a2.eyJ9.c2ln', 'another version'],
    ['a1.%%%.sig', 'characters outside base64url'],
    [`a1.${Buffer.from('not json').toString('base64url')}.sig`, 'a payload that is not JSON'],
    [`a1.${Buffer.from('{"a":1}').toString('base64url')}.sig`, 'a payload that is no grant'],
    [`a1.${Buffer.from('["r","k","delete",1]').toString('base64url')}.sig`, 'an unknown action'],
    [`a1.${Buffer.from('["","k","approve",1]').toString('base64url')}.sig`, 'an empty run id'],
    [`a1.${Buffer.from('["r","k","approve",1.5]').toString('base64url')}.sig`, 'a fractional expiry'],
    [`a1.${'A'.repeat(5000)}.sig`, 'a token longer than any link'],
  ])('calls %j malformed (%s)', (token) => {
    expect(verifyApprovalToken([KEY], token, NOW)).toEqual({ ok: false, code: 'malformed' });
  });

  it("makes a wait's two links on the public URL, expiring with the wait or after 7 days", () => {
    const links = approvalLinkUrls({
      publicUrl: 'https://baton.example.com/',
      key: KEY,
      runId: 'run-7',
      waitKey: 'k',
      expiresAt: '2026-12-01T11:00:00.500Z',
      now: NOW,
    });
    const tokenOf = (url: string) => url.replace('https://baton.example.com/approvals/', '');
    expect(verifyApprovalToken([KEY], tokenOf(links.approvalUrl), NOW)).toEqual({
      ok: true,
      grant: { runId: 'run-7', waitKey: 'k', action: 'approve', expiresAt: NOW / 1000 + 3601 },
    });
    expect(verifyApprovalToken([KEY], tokenOf(links.rejectionUrl), NOW)).toMatchObject({
      grant: { action: 'reject' },
    });
    const open = approvalLinkUrls({
      publicUrl: 'https://baton.example.com',
      key: KEY,
      runId: 'r',
      waitKey: 'k',
      now: NOW,
    });
    expect(verifyApprovalToken([KEY], tokenOf(open.approvalUrl), NOW)).toMatchObject({
      grant: { expiresAt: (NOW + DEFAULT_APPROVAL_LINK_TTL_MS) / 1000 },
    });
  });

  it('refuses to sign with an empty key', () => {
    expect(() => signApprovalToken('', grant)).toThrow(RangeError);
  });
});
