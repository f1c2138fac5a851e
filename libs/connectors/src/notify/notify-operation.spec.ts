import type { EnsembleDefinition } from '@baton/model';
import { startFakeProviders, startFakeSmtp, type FakeProviders, type FakeSmtp } from '@baton/provider-fakes';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { startTestServer, type TestServer } from '../__fixtures__/http-test-server';
import { executeTask } from '../execute-task';

const HOOK_TOKEN = 'c4nary-hook-t0ken-91';
const SMTP_PASSWORD = 'c4nary-smtp-pa55-91';

describe('notify operation', () => {
  let hooks: TestServer;
  let smtp: FakeSmtp;
  let providers: FakeProviders;
  let definition: EnsembleDefinition;
  let deps: TestDeps;

  const run = (agent: string, input: unknown = {}, operation?: 'notify') =>
    executeTask(
      taskFor(definition, agent, {
        scope: { ...taskFor(definition, agent).scope, input },
        ...(operation === undefined ? {} : { operation }),
      }),
      definition,
      deps,
    );
  const lastHook = () => hooks.requests[hooks.requests.length - 1];

  beforeAll(async () => {
    hooks = await startTestServer();
    smtp = await startFakeSmtp({ users: { notifier: SMTP_PASSWORD } });
    providers = await startFakeProviders();
    definition = loadEnsembleFixture('notify.yaml');
  });
  beforeEach(() => {
    deps = testDeps({
      HOOKS_URL: hooks.baseUrl,
      HOOK_TOKEN,
      SMTP_URL: smtp.url({ user: 'notifier', password: SMTP_PASSWORD }),
      PROVIDERS_URL: providers.baseUrl,
      TWILIO_ACCOUNT_SID: providers.credentials.twilio.accountSid,
      TWILIO_AUTH_TOKEN: providers.credentials.twilio.authToken,
    });
  });
  afterEach(() => deps.release());
  afterAll(async () => {
    await hooks.close();
    await smtp.close();
    await providers.close();
  });

  it('sends over http, email and sms at once and answers each channel’s result', async () => {
    const outcome = await run('everywhere', { alert: 'disk-full' });
    expect(outcome).toEqual({
      ok: true,
      output: {
        http: { status: 200, body: expect.objectContaining({ method: 'POST', path: '/echo/alerts' }) },
        email: { messageId: expect.any(String), accepted: ['ops@example.com'] },
        sms: { id: expect.stringMatching(/^SM/), status: 'queued' },
      },
    });
    expect(lastHook()).toMatchObject({
      body: { alert: 'disk-full' },
      headers: { authorization: `Bearer ${HOOK_TOKEN}`, 'idempotency-key': 'run-1:everywhere:0:http' },
    });
    expect(smtp.received.at(-1)).toMatchObject({ user: 'notifier', subject: 'Alert disk-full' });
    expect(providers.requestsOf('twilio').at(-1)?.body).toMatchObject({ Body: 'Alert disk-full' });
  });

  it('keeps the canary secrets of the http header and the SMTP login out of the outcome', async () => {
    const outcome = await run('everywhere', { alert: 'canary' });
    // the echo server returns the Authorization header in its body: it must come back redacted
    expect(JSON.stringify(outcome)).not.toContain(HOOK_TOKEN);
    expect(JSON.stringify(outcome)).not.toContain(SMTP_PASSWORD);
    expect(JSON.stringify(outcome)).toContain('[redacted]');
  });

  it('fills a notification template from data: typed JSON over http, HTML-escaped html in email', async () => {
    const outcome = await run('from-template', {
      orderId: 'o-1',
      total: 12.5,
      customer: 'Ada <Lovelace>',
      email: 'ada@example.com',
    });
    expect(outcome).toMatchObject({
      ok: true,
      output: { http: { status: 200 }, email: { accepted: ['ada@example.com'] } },
    });
    expect(lastHook()).toMatchObject({
      path: '/echo/orders/o-1',
      body: { orderId: 'o-1', total: 12.5, note: 'Order o-1 for Ada <Lovelace>' },
    });
    expect(smtp.received.at(-1)?.subject).toBe('Order o-1');
    expect(smtp.received.at(-1)?.html?.trim()).toBe('<p>Thanks, Ada &lt;Lovelace&gt;</p>');
  });

  it('lets written channels override a template’s fields', async () => {
    await run('template-overridden');
    expect(smtp.received.at(-1)).toMatchObject({ to: ['bob@example.com'], subject: 'Overridden subject' });
  });

  it('sends the http channel through a connection with its auth, path and method', async () => {
    expect(await run('through-connection')).toMatchObject({ ok: true, output: { http: { status: 200 } } });
    expect(lastHook()).toMatchObject({
      method: 'PUT',
      path: '/echo/connected',
      body: 'plain text notice',
      headers: { authorization: `Bearer ${HOOK_TOKEN}` },
    });
  });

  it('fails when a channel fails, naming it, retryable when that failure is', async () => {
    const outcome = await run('half-broken');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'notify-failed' }, retryable: true });
    expect(!outcome.ok && outcome.error.message).toMatch(
      /^notify: 1 of 2 channels failed \(http: POST .*\/status\/503 answered 503/,
    );
  });

  it('refuses a channel it does not know', async () => {
    expect(await run('unknown-channel')).toEqual({
      ok: false,
      error: { code: 'invalid-config', message: "notify channel must be http, email, sms, not 'pager'" },
      retryable: false,
    });
  });

  it('sends the notice of a wait agent from its notify:', async () => {
    const outcome = await run('await-approval', {}, 'notify');
    expect(outcome).toMatchObject({ ok: true, output: { http: { status: 200 } } });
    expect(lastHook()).toMatchObject({ path: '/echo/approvals', body: { key: 'approval-1' } });
  });

  describe("a wait's approval links", () => {
    const signed: unknown[] = [];
    const links = (request: { runId: string; waitKey: string; expiresAt?: string }) => {
      signed.push(request);
      const token = `${request.runId}~${request.waitKey}~${request.expiresAt ?? 'default'}`;
      return {
        approvalUrl: `https://baton.example.com/approvals/approve~${token}`,
        rejectionUrl: `https://baton.example.com/approvals/reject~${token}`,
      };
    };
    const notice = (agent: string, key: string) =>
      executeTask(
        taskFor(definition, agent, {
          operation: 'notify',
          scope: {
            ...taskFor(definition, agent).scope,
            wait: { key, expiresAt: '2026-12-02T10:00:00.000Z' },
          },
        }),
        definition,
        { ...deps, approvalLinks: links },
      );

    it('are in scope as expressions and fill their {{placeholders}}, leaving other placeholders as written', async () => {
      const outcome = await notice('await-linked-approval', 'approval-2');
      expect(signed.at(-1)).toEqual({
        runId: 'run-1',
        waitKey: 'approval-2',
        expiresAt: '2026-12-02T10:00:00.000Z',
      });
      const approve = 'https://baton.example.com/approvals/approve~run-1~approval-2~2026-12-02T10:00:00.000Z';
      const reject = 'https://baton.example.com/approvals/reject~run-1~approval-2~2026-12-02T10:00:00.000Z';
      expect(lastHook()).toMatchObject({
        path: '/echo/linked-approvals',
        body: { approve, reject, both: `yes: ${approve} / no: ${reject}`, other: '{{untouched}}' },
      });
      // The echo carries the links back: bearer credentials, redacted before the outcome is recorded.
      expect(outcome.ok).toBe(true);
      expect(JSON.stringify(outcome)).not.toContain('/approvals/');
      expect(JSON.stringify(outcome)).toContain('[redacted]');
    });

    it("fill a notification template's placeholders, in its http and email channels", async () => {
      const outcome = await notice('await-templated-approval', 'approval-3');
      expect(outcome.ok).toBe(true);
      expect(lastHook()).toMatchObject({
        path: '/echo/templated-approvals',
        body: {
          expense: 'exp-3',
          approve: expect.stringContaining('/approvals/approve~run-1~approval-3~'),
          reject: expect.stringContaining('/approvals/reject~run-1~approval-3~'),
        },
      });
      expect(smtp.received.at(-1)?.html).toContain(
        '<a href="https://baton.example.com/approvals/approve~run-1~approval-3~2026-12-02T10:00:00.000Z">Approve</a>',
      );
    });

    it('are undefined in a worker that signs none', async () => {
      const outcome = await run('await-linked-approval', {}, 'notify');
      expect(outcome.ok).toBe(true);
      expect(lastHook()).toMatchObject({ body: { reject: '{{rejectionUrl}}', other: '{{untouched}}' } });
      expect((lastHook()?.body as { approve?: unknown }).approve).toBeUndefined();
    });
  });
});
