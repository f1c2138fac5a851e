/**
 * The newer operations through the real services: one run uses think, blob, kv (with a TTL),
 * storage kv, email (a Handlebars template file over SMTP with AUTH), sms, notify (an http channel
 * with a secret header, from a notification template) and an http probe the SSRF guard refuses.
 * The providers are local stand-ins that check auth and bodies (@baton/provider-fakes); canary
 * secrets used in a header, an SMTP login and API keys appear nowhere in the run or its event log.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startFakeProviders, startFakeSmtp, type FakeProviders, type FakeSmtp } from '@baton/provider-fakes';
import { ROOT } from './support/processes';
import { startStack, type Stack } from './support/stack';

const HOOK_TOKEN = 'c4nary-e2e-hook-7731';
const SMTP_PASSWORD = 'c4nary-e2e-smtp-7731';
const ANTHROPIC_KEY = 'sk-ant-c4nary-e2e-7731';

interface Hook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

let stack: Stack;
let smtp: FakeSmtp;
let providers: FakeProviders;
let hookServer: Server;
const hooks: Hook[] = [];

beforeAll(async () => {
  smtp = await startFakeSmtp({ users: { expenses: SMTP_PASSWORD } });
  providers = await startFakeProviders({ anthropic: { apiKey: ANTHROPIC_KEY } });
  hookServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hooks.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown,
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/operations'),
    env: {
      SMTP_URL: smtp.url({ user: 'expenses', password: SMTP_PASSWORD }),
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      PROVIDERS_URL: providers.baseUrl,
      TWILIO_ACCOUNT_SID: providers.credentials.twilio.accountSid,
      TWILIO_AUTH_TOKEN: providers.credentials.twilio.authToken,
      HOOKS_URL: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`,
      HOOK_TOKEN,
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
  await providers?.close();
  hookServer?.closeAllConnections();
  await new Promise((resolve) => hookServer?.close(resolve));
});

describe('an expense review using every newer operation', () => {
  it('runs think, blob, kv, email, sms and notify against the providers, and the guard refuses the metadata probe', async () => {
    const started = await stack.api('/api/ensembles/expense-review/runs', {
      body: { expenseId: 'exp-9', amount: 120, approver: 'manager@example.com', phone: '+15550000042' },
    });
    expect(started.status).toBe(202);
    const run = await stack.ended(started.body.runId);
    expect(run.status).toBe('completed');

    const summary = '[Risk reviewer] You said: Review expense exp-9 of 120';
    expect(run.output).toEqual({
      summary,
      tokens: { inputTokens: 7, outputTokens: 9, totalTokens: 16 },
      ref: `res://${run.id}/keep-notes/0`,
      notes: { expenseId: 'exp-9', summary },
      audit: { reviewedBy: 'model', tokens: 16 },
      accepted: ['manager@example.com', 'audit@baton.test'],
      sms: 'queued',
      notice: 204,
      probe: 'outbound-refused',
    });

    const mail = smtp.received.at(-1);
    expect(mail).toMatchObject({
      user: 'expenses',
      to: ['manager@example.com'],
      subject: 'Expense exp-9 needs review',
    });
    expect(mail?.envelope.to).toContain('audit@baton.test');
    expect(mail?.html).toContain(`<p>Risk notes are stored as res://${run.id}/keep-notes/0.</p>`);
    expect(hooks.at(-1)).toMatchObject({
      path: '/hooks/reviews',
      headers: { authorization: `Bearer ${HOOK_TOKEN}` },
      body: { expenseId: 'exp-9', artifact: `res://${run.id}/keep-notes/0` },
    });
    expect(providers.requestsOf('twilio').at(-1)?.body).toMatchObject({ To: '+15550000042' });
    expect(run.agents['metadata-probe'].error.message).toContain(
      '169.254.169.254 is a cloud metadata service address',
    );

    const log = JSON.stringify((await stack.api(`/api/runs/${run.id}/events`)).body);
    const shown = JSON.stringify(run);
    for (const secret of [HOOK_TOKEN, SMTP_PASSWORD, ANTHROPIC_KEY]) {
      expect(log).not.toContain(secret);
      expect(shown).not.toContain(secret);
    }
  });
});
