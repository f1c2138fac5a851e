import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyWebhook, type WebhookScheme } from '@baton/signatures';
import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer, type Reply } from '../testing/recording-server';
import { webhookCommand } from './webhook';

const DELIVERY = '@__fixtures__/delivery.json';
const deliveryBytes = readFileSync(path.join(__dirname, '__fixtures__/delivery.json'));
const SECRETS: Record<Exclude<WebhookScheme, 'none'>, string> = {
  'hmac-sha256': 'router-secret',
  github: 'gh-secret',
  stripe: 'whsec_stripe-secret',
  'standard-webhooks': 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};
let server: RecordingServer;
const ACCEPTED: Reply = { status: 202, body: { runId: 'r-1', duplicate: false } };
let reply: Reply = ACCEPTED;
/** GET /api/ensembles: one ensemble whose webhook reads its signature from a header of its own. */
const REGISTERED = {
  ensembles: [
    {
      name: 'shop-orders',
      revision: 1,
      triggers: [
        { type: 'manual' },
        {
          type: 'webhook',
          path: '/hooks/shop',
          auth: { scheme: 'hmac-sha256', secret: '${env.SHOP_SECRET}', header: 'x-shop-signature' },
        },
      ],
    },
  ],
};

beforeAll(async () => {
  server = await startRecordingServer((request) =>
    request.url === '/api/ensembles' ? { status: 200, body: REGISTERED } : reply,
  );
});
beforeEach(() => (reply = ACCEPTED));
afterAll(() => server.close());

async function send(args: string[], env: Record<string, string> = {}) {
  const io = capturedIo({
    cwd: __dirname,
    env: { BATON_URL: server.url, BATON_API_KEY: 'api-key', ...env },
  });
  const status = await webhookCommand.run(['send', ...args], io);
  return { status, out: io.out(), err: io.err(), request: deliveries().at(-1) };
}

/** What reached /webhooks: the trigger lookup (GET /api/ensembles) is not a delivery. */
function deliveries() {
  return server.requests.filter((request) => request.url.startsWith('/webhooks/'));
}

describe('baton webhook send', () => {
  it.each(Object.entries(SECRETS))(
    'signs the file’s exact bytes as a %s sender does',
    async (scheme, secret) => {
      const { status, request } = await send([
        '/hooks/x',
        '--scheme',
        scheme,
        '--secret',
        secret,
        '--data',
        DELIVERY,
      ]);
      expect(status).toBe(0);
      expect(request?.body.equals(deliveryBytes)).toBe(true);
      const verification = verifyWebhook({
        scheme: scheme as WebhookScheme,
        secret,
        rawBody: request?.body ?? Buffer.alloc(0),
        headers: request?.headers ?? {},
        now: Date.now(),
      });
      expect(verification.ok).toBe(true);
    },
  );

  it('posts to <url>/webhooks<path> as JSON, without the API key', async () => {
    const { request } = await send([
      'hooks/router',
      '--scheme',
      'hmac-sha256',
      '--secret',
      's',
      '--data',
      '{"a":1}',
    ]);
    expect(request?.url).toBe('/webhooks/hooks/router');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body.toString()).toBe('{"a":1}');
  });

  it('gives each standard-webhooks delivery a fresh id', async () => {
    const args = [
      '/hooks/x',
      '--scheme',
      'standard-webhooks',
      '--secret',
      SECRETS['standard-webhooks'],
      '--data',
      DELIVERY,
    ];
    const first = (await send(args)).request?.headers['webhook-id'];
    const second = (await send(args)).request?.headers['webhook-id'];
    expect(first).toBeTruthy();
    expect(second).not.toBe(first);
  });

  it('adds --header values and moves the signature to --signature-header', async () => {
    const { request } = await send([
      '/hooks/x',
      '--scheme',
      'hmac-sha256',
      '--secret',
      's',
      '--data',
      '{}',
      '--header',
      'X-Event-Source=shop',
      '--signature-header',
      'x-shop-signature',
    ]);
    expect(request?.headers['x-event-source']).toBe('shop');
    expect(request?.headers['x-shop-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(request?.headers['x-webhook-signature']).toBeUndefined();
  });

  it('signs as the registered trigger says: its scheme, its header, and the secret from the variable it reads', async () => {
    const { status, request, err } = await send(['/hooks/shop', '--data', '{"order":1}'], {
      SHOP_SECRET: 'shop-s',
    });
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(request?.url).toBe('/webhooks/hooks/shop');
    expect(
      verifyWebhook({
        scheme: 'hmac-sha256',
        secret: 'shop-s',
        header: 'x-shop-signature',
        rawBody: request?.body ?? Buffer.alloc(0),
        headers: request?.headers ?? {},
        now: Date.now(),
      }),
    ).toMatchObject({ ok: true });
    expect(request?.headers['x-webhook-signature']).toBeUndefined();
  });

  it('finds the trigger from the URL path start prints (with /webhooks), and lets --secret override the variable', async () => {
    const { status, request } = await send(['/webhooks/hooks/shop', '--secret', 'given', '--data', '{}'], {
      SHOP_SECRET: 'ignored',
    });
    expect(status).toBe(0);
    expect(request?.url).toBe('/webhooks/hooks/shop');
    expect(
      verifyWebhook({
        scheme: 'hmac-sha256',
        secret: 'given',
        header: 'x-shop-signature',
        rawBody: request?.body ?? Buffer.alloc(0),
        headers: request?.headers ?? {},
        now: Date.now(),
      }),
    ).toMatchObject({ ok: true });
  });

  it('prints the status and body, exiting 0 on 2xx', async () => {
    const { status, out } = await send(['/hooks/x', '--scheme', 'none', '--data', '{}']);
    expect(status).toBe(0);
    expect(out).toBe('202 Accepted\n{"runId":"r-1","duplicate":false}\n');
  });

  it('prints the refusal and exits 1 on any other status', async () => {
    reply = { status: 401, body: { error: { code: 'bad-signature', message: 'no match' } } };
    const { status, out } = await send([
      '/hooks/x',
      '--scheme',
      'hmac-sha256',
      '--secret',
      'wrong',
      '--data',
      '{}',
    ]);
    expect(status).toBe(1);
    expect(out.split('\n')[0]).toBe('401 Unauthorized');
    expect(out).toContain('bad-signature');
  });

  it.each([
    [
      ['/p', '--secret', 's', '--data', '{}'],
      '--scheme must be one of hmac-sha256, stripe, github, standard-webhooks, none (no registered ensemble has a webhook trigger at /p)',
    ],
    [['/p', '--scheme', 'md5', '--secret', 's', '--data', '{}'], "(got 'md5')"],
    [['/p', '--scheme', 'github', '--data', '{}'], '--secret is needed to sign with github'],
    [
      ['/hooks/shop', '--data', '{}'],
      '--secret is needed to sign with hmac-sha256 (or set SHOP_SECRET, which the trigger reads)',
    ],
    [['/p', '--scheme', 'github', '--secret', 's'], 'missing --data'],
    [
      ['/p', '--scheme', 'none', '--data', '{}', '--header', 'novalue'],
      "--header must be name=value (got 'novalue')",
    ],
    [['/p', '--scheme', 'standard-webhooks', '--secret', 'whsec_!!', '--data', '{}'], '--secret:'],
    [['--scheme', 'none', '--data', '{}'], 'missing <path>'],
  ])('rejects %j with its usage and exit 2, sending nothing', async (args, message) => {
    const before = deliveries().length;
    const { status, err } = await send(args);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: baton webhook send <path>');
    expect(deliveries()).toHaveLength(before);
  });

  it('knows only the send action', async () => {
    const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
    expect(await webhookCommand.run(['receive', '/p'], io)).toBe(2);
    expect(io.err()).toContain("unknown action 'receive' (only: send)");
  });
});
