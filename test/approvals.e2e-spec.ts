/**
 * Approval flows through the real services, in Breyta's shape: an invoice fetched with retries, a
 * model's risk summary, a blob artifact, a wait whose notice goes out over a chat webhook with
 * signed approve/reject links, the decision taken through the link (a second click: "already
 * decided"), a KV audit entry that expires in 7 days, an outcome notice, and the run's own
 * notifications (a signed webhook and an email). Waits are resolved once, through the API or a
 * link. Canary secrets used in headers, a notification secret, the approval key and SMTP logins
 * appear nowhere in the event log, the database (pg_dump), the logs or the notification bodies.
 * The bundled example examples/ensembles/expense-approval.yaml runs, its approver answering by email.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { dedupeKvKey, natsLayout } from '@baton/messaging';
import {
  startFakeProviders,
  startFakeSmtp,
  startWebhookReceiver,
  type FakeProviders,
  type FakeSmtp,
  type WebhookReceiver,
} from '@baton/provider-fakes';
import { signApprovalToken } from '@baton/signatures';
import { ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

const CHAT_TOKEN = 'c4nary-chat-token-approvals-6610';
const NOTIFY_SECRET = 'c4nary-notify-secret-approvals-6610';
const SMTP_PASSWORD = 'c4nary-smtp-login-approvals-6610';
const APPROVAL_KEY = 'c4nary-approval-key-approvals-6610-0123456789';
const ANTHROPIC_KEY = 'sk-ant-c4nary-approvals-6610';
const CANARIES = [CHAT_TOKEN, NOTIFY_SECRET, SMTP_PASSWORD, APPROVAL_KEY, ANTHROPIC_KEY];

let stack: Stack;
let hooks: WebhookReceiver;
let smtp: FakeSmtp;
let providers: FakeProviders;
const issuedLinks: string[] = [];

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  smtp = await startFakeSmtp({ users: { baton: SMTP_PASSWORD } });
  providers = await startFakeProviders({ anthropic: { apiKey: ANTHROPIC_KEY } });
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/approvals'),
    env: {
      VENDOR_URL: `${hooks.baseUrl}/vendor`,
      CHAT_URL: `${hooks.baseUrl}/chat`,
      HOOKS_URL: `${hooks.baseUrl}/notify`,
      PAYOUTS_BASE_URL: `${hooks.baseUrl}/payouts`,
      PROVIDERS_URL: providers.baseUrl,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      CHAT_TOKEN,
      NOTIFY_SECRET,
      SMTP_URL: smtp.url({ user: 'baton', password: SMTP_PASSWORD }),
      BATON_APPROVAL_KEY: APPROVAL_KEY,
      NOTIFIER_TIME_SCALE: '0.02',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await hooks?.close();
  await smtp?.close();
  await providers?.close();
});

async function start(ensemble: string, input: unknown): Promise<string> {
  const started = await stack.api(`/api/ensembles/${ensemble}/runs`, { body: input });
  expect(started.status).toBe(202);
  return started.body.runId as string;
}

/** The approval notice the chat received for an invoice: its text and its two links. */
async function noticeFor(invoiceId: string) {
  const notice = await waitFor(`the approval notice of ${invoiceId}`, async () =>
    hooks
      .receivedAt('/chat/approvals')
      .map((request) => ({ request, body: JSON.parse(request.raw) as Record<string, string> }))
      .find(({ body }) => body.text.startsWith(`Invoice ${invoiceId}:`)),
  );
  issuedLinks.push(notice.body.approve, notice.body.reject);
  return notice;
}

async function follow(link: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(link);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

const vendorAnswers = (invoiceId: string) =>
  hooks.plan(`/vendor/invoices/${invoiceId}`, [
    { status: 503, body: 'vendor API warming up' },
    {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'Acme Tools', amount: 1250 }),
    },
  ]);

describe("an approval flow in Breyta's shape", () => {
  it('asks over a chat webhook with signed links, takes the decision through the link once, audits it for 7 days and announces it', async () => {
    vendorAnswers('inv-1');
    const runId = await start('invoice-review', { invoiceId: 'inv-1' });
    const { request, body } = await noticeFor('inv-1');
    expect(request.headers.authorization).toBe(`Bearer ${CHAT_TOKEN}`);
    expect(body).toMatchObject({
      text: 'Invoice inv-1: [Risk reviewer] You said: Invoice inv-1 from Acme Tools for 1250',
      artifact: `res://${runId}/keep-summary/0`,
      approve: expect.stringMatching(new RegExp(`^${stack.baseUrl}/approvals/a1\\.[\\w-]+\\.[\\w-]+$`)),
      reject: expect.stringMatching(new RegExp(`^${stack.baseUrl}/approvals/a1\\.[\\w-]+\\.[\\w-]+$`)),
    });
    expect(hooks.receivedAt('/vendor/invoices/inv-1').map((call) => call.answered)).toEqual([503, 200]);

    const approved = await follow(body.approve);
    expect(approved.status).toBe(200);
    expect(approved.headers.get('content-type')).toContain('text/html');
    expect(approved.headers.get('referrer-policy')).toBe('no-referrer');
    expect(approved.html).toContain('<h1');
    expect(approved.html).toContain('Approved');
    expect(approved.html).toContain('invoice-inv-1');

    const again = await follow(body.approve);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Already decided');
    expect(again.html).toContain('(approved)');
    const rejectAfter = await follow(body.reject);
    expect(rejectAfter.status).toBe(409);
    expect(rejectAfter.html).toContain('Already decided');

    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({
      decision: 'approve',
      artifact: `res://${runId}/keep-summary/0`,
      summary: '[Risk reviewer] You said: Invoice inv-1 from Acme Tools for 1250',
    });
    expect(run.agents.approval.output).toEqual({ action: 'approve', via: 'approval-link' });

    const outcome = await waitFor('the outcome notice', async () => hooks.receivedAt('/chat/outcomes').at(0));
    expect(JSON.parse(outcome.raw)).toEqual({ invoiceId: 'inv-1', decision: 'approve' });
    expect(outcome.headers.authorization).toBe(`Bearer ${CHAT_TOKEN}`);

    const nc = await connect({ servers: stack.nats.url });
    try {
      const kv = await new Kvm(nc).open(natsLayout().buckets.kv);
      const entry = await kv.get(dedupeKvKey('audit:inv-1'));
      const stored = entry?.json<{ value: unknown; expiresAt: number }>();
      expect(stored?.value).toEqual({
        decision: 'approve',
        via: 'approval-link',
        artifact: `res://${runId}/keep-summary/0`,
      });
      const week = 7 * 24 * 3600_000;
      expect(stored?.expiresAt).toBeGreaterThan(Date.now() + week - 120_000);
      expect(stored?.expiresAt).toBeLessThanOrEqual(Date.now() + week);
    } finally {
      await nc.close();
    }

    // The run's notifications: a signed webhook and an email to finance.
    const notified = await waitFor('the completion webhook', async () =>
      hooks.receivedAt('/notify/runs').at(0),
    );
    const timestamp = String(notified.headers['x-conductor-timestamp']);
    expect(notified.headers['x-conductor-signature']).toBe(
      `sha256=${createHmac('sha256', NOTIFY_SECRET).update(`${timestamp}.${notified.raw}`).digest('hex')}`,
    );
    expect(JSON.parse(notified.raw)).toMatchObject({
      event: 'execution.completed',
      data: { id: runId, output: { decision: 'approve' } },
    });
    const mail = await waitFor('the completion email', async () =>
      smtp.received.find((received) => received.to.includes('finance@example.com')),
    );
    expect(mail.subject).toBe('[execution.completed] invoice-review approve');
    expect(mail.user).toBe('baton');
  });

  it('resolves a wait once: of two resolutions in quick succession the second gets 409 at once, and a later link says already decided', async () => {
    vendorAnswers('inv-2');
    const runId = await start('invoice-review', { invoiceId: 'inv-2' });
    const { body } = await noticeFor('inv-2');
    const answers = await Promise.all(
      ['approve', 'reject'].map((action) =>
        stack.api('/api/waits/invoice-inv-2', { body: { action, note: 'by the API' } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const refused = answers.find((answer) => answer.status === 409);
    expect(refused?.body).toMatchObject({
      error: {
        code: 'conflict',
        message: expect.stringContaining("the wait 'invoice-inv-2' was already resolved"),
      },
    });
    const winner = answers.find((answer) => answer.status === 202);
    expect(winner?.body).toEqual({ runId, key: 'invoice-inv-2', resolved: true });

    const run = await stack.ended(runId);
    expect(['approve', 'reject']).toContain(run.output.decision);
    // The wait is closed now: the link finds the decision in the run's log.
    const late = await follow(body.reject);
    expect(late.status).toBe(409);
    expect(late.html).toContain('Already decided');
    expect(await stack.api('/api/waits/invoice-inv-2', { body: { action: 'approve' } })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });

  it('answers a forged, altered, expired or foreign link with a page saying so, and changes nothing', async () => {
    vendorAnswers('inv-3');
    const runId = await start('invoice-review', { invoiceId: 'inv-3' });
    const { body } = await noticeFor('inv-3');
    const token = body.approve.slice(body.approve.lastIndexOf('/') + 1);
    const [version, payload, signature] = token.split('.');
    const grant = { runId, waitKey: 'invoice-inv-3', action: 'approve' as const };
    const cases: Array<[string, string, number, string]> = [
      [
        'another key',
        signApprovalToken('another-installation-key-0123456789abcd', { ...grant, expiresAt: 4_102_444_800 }),
        403,
        'not valid',
      ],
      [
        'an altered decision',
        `${version}.${Buffer.from(JSON.stringify([runId, 'invoice-inv-3', 'reject', 4_102_444_800])).toString('base64url')}.${signature}`,
        403,
        'not valid',
      ],
      ['a cut link', `${version}.${payload}`, 400, 'not a complete approval link'],
      [
        'an expired link',
        signApprovalToken(APPROVAL_KEY, { ...grant, expiresAt: Math.floor(Date.now() / 1000) - 60 }),
        410,
        'has expired',
      ],
      [
        'a link of another run',
        signApprovalToken(APPROVAL_KEY, { ...grant, runId: 'an-earlier-run', expiresAt: 4_102_444_800 }),
        409,
        'earlier request',
      ],
      [
        'a link for no wait',
        signApprovalToken(APPROVAL_KEY, { ...grant, waitKey: 'nothing-waits', expiresAt: 4_102_444_800 }),
        404,
        'Nothing is waiting',
      ],
    ];
    for (const [what, forged, status, says] of cases) {
      const page = await follow(`${stack.baseUrl}/approvals/${forged}`);
      expect({ what, status: page.status, html: page.html.includes(says) }).toEqual({
        what,
        status,
        html: true,
      });
      expect(page.headers.get('content-type')).toContain('text/html');
    }
    // Still waiting: the real link decides.
    expect((await stack.api(`/api/runs/${runId}`)).body.agents.approval.status).toBe('waiting');
    expect((await follow(body.reject)).status).toBe(200);
    expect((await stack.ended(runId)).output.decision).toBe('reject');
  });
});

describe('the bundled expense-approval example', () => {
  it('emails the approver, whose link approves, and pays the expense', async () => {
    const yaml = readFileSync(join(ROOT, 'examples/ensembles/expense-approval.yaml'), 'utf8');
    const registered = await stack.api('/api/ensembles', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect([200, 201]).toContain(registered.status);
    hooks.plan('/payouts/v1/reimbursements', [
      { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 're_77' }) },
    ]);
    const runId = await start('expense-approval', {
      expenseId: 'exp-77',
      amount: 420,
      currency: 'eur',
      description: 'Team offsite train tickets',
      submitterEmail: 'sam@example.com',
      approverEmail: 'lee@example.com',
    });
    const mail = await waitFor('the approval email', async () =>
      smtp.received.find((received) => received.subject === 'Expense exp-77 needs your approval'),
    );
    expect(mail).toMatchObject({ to: ['lee@example.com'], user: 'baton' });
    expect(mail.text).toContain(
      'sam@example.com asks to be reimbursed for Team offsite train tickets: 420.00 EUR',
    );
    const approve = /Approve: (\S+)/.exec(mail.text ?? '')?.[1] ?? '';
    issuedLinks.push(approve, /Reject: +(\S+)/.exec(mail.text ?? '')?.[1] ?? '');
    expect(approve.startsWith(`${stack.baseUrl}/approvals/`)).toBe(true);
    expect((await follow(approve)).status).toBe(200);
    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ expenseId: 'exp-77', decision: 'approve', reimbursementId: 're_77' });
    expect(JSON.parse(hooks.receivedAt('/payouts/v1/reimbursements')[0].raw)).toMatchObject({
      expenseId: 'exp-77',
      amount: 420,
      approvedBy: 'lee@example.com',
    });
  });
});

describe('canary secrets', () => {
  it('never appear in the event log, the database, the logs or the notification bodies; nor do the links', async () => {
    const { body } = await stack.api('/api/runs?limit=100');
    const logs: string[] = [];
    for (const run of body.runs as Array<{ id: string }>) {
      logs.push(JSON.stringify((await stack.api(`/api/runs/${run.id}/events`)).body));
      logs.push(JSON.stringify((await stack.api(`/api/runs/${run.id}`)).body));
      logs.push(JSON.stringify((await stack.api(`/api/runs/${run.id}/deliveries`)).body));
    }
    const eventLog = logs.join('\n');
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', stack.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump).toContain('notification_deliveries');
    const serviceLogs = readdirSync(stack.logDir)
      .map((file) => readFileSync(join(stack.logDir, file), 'utf8'))
      .join('\n');
    expect(serviceLogs.length).toBeGreaterThan(0);
    const notificationBodies = [
      ...hooks.received
        .filter((request) => request.path.startsWith('/notify/'))
        .map((request) => request.raw),
      ...smtp.received.map((mail) => `${mail.subject}\n${mail.text}\n${mail.html}`),
    ].join('\n');
    const tokens = issuedLinks
      .map((link) => link.slice(link.lastIndexOf('/') + 1))
      .filter((token) => token !== '');
    expect(tokens.length).toBeGreaterThan(4);
    for (const [where, text] of [
      ['event log', eventLog],
      ['database', dump],
      ['logs', serviceLogs],
      ['notification bodies', notificationBodies],
    ] as const) {
      for (const canary of CANARIES)
        expect({ where, canary, found: text.includes(canary) }).toEqual({ where, canary, found: false });
      // The links are credentials too: only their recipients may see them.
      if (where !== 'notification bodies')
        for (const token of tokens)
          expect({ where, token, found: text.includes(token) }).toEqual({ where, token, found: false });
    }
  });
});
