import { loadOctokitWebhooksMethods } from '../testing/octokit-webhooks-methods';
import { expectRefusal, NOW, withOneByteAltered } from '../testing/verification-expectations';
import { verifyWebhook } from '../verify-webhook';

const secret = 'github-app-secret-91d0';
const payload = '{"action":"opened","number":7}';
const rawBody = Buffer.from(payload);
const deliveryId = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

function verify(headers: Record<string, string>, body: Buffer = rawBody) {
  return verifyWebhook({ scheme: 'github', secret, rawBody: body, headers, now: NOW });
}

describe('github scheme', () => {
  let githubSignature: (key: string, body: string) => Promise<string>;

  beforeAll(async () => {
    githubSignature = (await loadOctokitWebhooksMethods()).sign;
  });

  it('accepts a delivery signed by @octokit/webhooks-methods and reports X-GitHub-Delivery as its id', async () => {
    const headers = {
      'x-hub-signature-256': await githubSignature(secret, payload),
      'x-github-delivery': deliveryId,
    };
    expect(verify(headers)).toEqual({ ok: true, deliveryId });
  });

  it('accepts a delivery without X-GitHub-Delivery, with no delivery id', async () => {
    expect(verify({ 'x-hub-signature-256': await githubSignature(secret, payload) })).toEqual({ ok: true });
  });

  it('refuses a bare hex value: GitHub always sends the sha256= prefix', async () => {
    const bare = (await githubSignature(secret, payload)).slice('sha256='.length);
    expectRefusal(verify({ 'x-hub-signature-256': bare }), 'bad-signature', secret);
  });

  it('refuses a delivery without X-Hub-Signature-256 as missing-signature', () => {
    expectRefusal(verify({ 'x-github-delivery': deliveryId }), 'missing-signature', secret);
  });

  it('refuses a signature that is not the HMAC of the body', () => {
    expectRefusal(verify({ 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` }), 'bad-signature', secret);
  });

  it('refuses a delivery signed with another secret', async () => {
    const headers = { 'x-hub-signature-256': await githubSignature('someone-else', payload) };
    expectRefusal(verify(headers), 'bad-signature', secret);
  });

  it('refuses a body altered by one byte after signing', async () => {
    const headers = { 'x-hub-signature-256': await githubSignature(secret, payload) };
    expectRefusal(verify(headers, withOneByteAltered(rawBody)), 'bad-signature', secret);
  });

  it('refuses every delivery when the trigger has an empty secret', async () => {
    const headers = { 'x-hub-signature-256': await githubSignature(secret, payload) };
    const result = verifyWebhook({ scheme: 'github', secret: '', rawBody, headers, now: NOW });
    expect(result).toMatchObject({ ok: false, code: 'bad-secret' });
  });
});
