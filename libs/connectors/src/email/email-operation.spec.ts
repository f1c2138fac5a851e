import type { EnsembleDefinition } from '@baton/model';
import { startFakeProviders, startFakeSmtp, type FakeProviders, type FakeSmtp } from '@baton/provider-fakes';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { executeTask } from '../execute-task';
import { SmtpTransports } from './smtp-transports';

const CANARY = 'c4nary-Smtp-P4ss-7d1e';
const RESEND_KEY = 're_c4nary_resend_k3y';
const SENDGRID_KEY = 'SG.c4nary-sendgrid-k3y';

describe('email operation', () => {
  let smtp: FakeSmtp;
  let providers: FakeProviders;
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  let env: Record<string, string>;

  const run = (agent: string, input: unknown = {}) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );
  const lastMail = () => smtp.received[smtp.received.length - 1];

  beforeAll(async () => {
    smtp = await startFakeSmtp({ users: { mailer: CANARY } });
    providers = await startFakeProviders({
      resend: { apiKey: RESEND_KEY },
      sendgrid: { apiKey: SENDGRID_KEY },
    });
    definition = loadEnsembleFixture('email.yaml');
  });
  beforeEach(() => {
    env = {
      SMTP_URL: smtp.url({ user: 'mailer', password: CANARY }),
      SMTP_PORT: String(smtp.port),
      MAIL_PASSWORD: CANARY,
      PROVIDERS_URL: providers.baseUrl,
      RESEND_KEY,
      SENDGRID_KEY,
    };
    deps = testDeps(env);
  });
  afterEach(() => deps.release());
  afterAll(async () => {
    await smtp.close();
    await providers.close();
  });

  describe('over SMTP (SMTP_URL)', () => {
    it('sends text to to and cc, and bcc in the envelope only, logged in with SMTP AUTH', async () => {
      const outcome = await run('plain', { name: 'Ada' });
      expect(outcome).toEqual({
        ok: true,
        output: {
          messageId: expect.stringMatching(/^<[0-9a-f]{32}@baton\.test>$/),
          accepted: ['ada@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com'],
        },
      });
      const mail = lastMail();
      expect(mail).toMatchObject({
        user: 'mailer',
        authMethod: 'PLAIN',
        from: ['sender@baton.test'],
        to: ['ada@example.com', 'bob@example.com'],
        cc: ['carol@example.com'],
        subject: 'Hello Ada',
        text: 'Plain words for Ada\n',
      });
      expect(mail.envelope.to).toEqual([
        'ada@example.com',
        'bob@example.com',
        'carol@example.com',
        'dave@example.com',
      ]);
      expect(mail.headers.has('bcc')).toBe(false);
      expect(mail.messageId).toBe(
        outcome.ok ? (outcome.output as { messageId: string }).messageId : undefined,
      );
    });

    it('sends an html part with its text alternative', async () => {
      await run('rich');
      expect(lastMail()).toMatchObject({ html: '<h1>Rich</h1>', text: 'Rich' });
    });

    it('keeps the message id of an attempt when it is retried', async () => {
      const first = await run('rich');
      const second = await run('rich');
      expect(first.ok && second.ok && first.output).toEqual(second.ok && second.output);
    });

    it('fills an .html template file from data, HTML-escaped, and the subject as text', async () => {
      await run('welcome', { email: 'eve@example.com', name: '<script>alert("x")</script> & co' });
      expect(lastMail()).toMatchObject({
        to: ['eve@example.com'],
        subject: 'Welcome <script>alert("x")</script> & co',
        html: '<p>Welcome, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co! Your plan: Pro</p>\n',
      });
    });

    it('renders a Handlebars template file', async () => {
      await run('receipt', { order: { id: 'o-7', items: ['tea', '<b>cake</b>'] } });
      expect(lastMail().html).toBe('<p>Order o-7</p><ul><li>tea</li><li>&lt;b&gt;cake&lt;/b&gt;</li></ul>\n');
    });

    it('compiles an MJML template file to HTML', async () => {
      await run('newsletter', { name: 'Ada & Bob' });
      const html = lastMail().html ?? '';
      expect(html).toContain('<!doctype html>');
      expect(html).toContain('News for Ada &amp; Bob');
      expect(html).not.toContain('<mj-text>');
    });

    it('takes a templates: entry (the email channel of a notification template)', async () => {
      await run('from-entry', { name: 'Ada <3' });
      expect(lastMail()).toMatchObject({
        from: ['notices@baton.test'],
        subject: 'Notice for Ada <3',
        html: '<p>Dear Ada &lt;3</p>',
        text: 'Dear Ada <3',
      });
    });

    it('logs in with the credentials of a named smtp connection, and takes its from', async () => {
      await run('through-connection');
      expect(lastMail()).toMatchObject({
        user: 'mailer',
        from: ['conn@baton.test'],
        subject: 'Through a connection',
      });
    });

    it('fails a refused login, not retryable, without the password anywhere in the outcome', async () => {
      const wrong = `${CANARY}-wrong`;
      deps = testDeps({ ...env, SMTP_URL: smtp.url({ user: 'mailer', password: wrong }) });
      const before = smtp.received.length;
      const outcome = await run('rich');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'provider-error' }, retryable: false });
      expect(!outcome.ok && outcome.error.message).toMatch(/Invalid login/);
      expect(JSON.stringify(outcome)).not.toContain(CANARY);
      expect(smtp.received.length).toBe(before);
      expect(smtp.logins.at(-1)).toEqual({ user: 'mailer', method: 'PLAIN', accepted: false });
    });

    it('fails a template that is neither an entry nor a carried file, naming where it looked', async () => {
      const outcome = await run('missing-template');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown-template' }, retryable: false });
      expect(!outcome.ok && outcome.error.message).toContain(
        'looked for templates/email/nowhere.html, templates/email/nowhere.hbs, templates/email/nowhere.mjml, templates/nowhere.html',
      );
    });

    it('fails an email without recipients as a bad config', async () => {
      expect(await run('no-recipient')).toEqual({
        ok: false,
        error: { code: 'invalid-config', message: 'email needs at least one recipient in to' },
        retryable: false,
      });
    });

    it('uses one pooled connection per SMTP URL when the worker provides pools', async () => {
      const pools = new SmtpTransports();
      deps = { ...testDeps(env), smtp: pools } as TestDeps;
      try {
        await run('rich');
        await run('plain', { name: 'Pooled' });
        expect(smtp.received.slice(-2).map((mail) => mail.subject)).toEqual(['Rich', 'Hello Pooled']);
      } finally {
        await pools.close();
      }
    });
  });

  describe('over HTTP APIs', () => {
    it('sends with Resend: bearer key, JSON body with cc, an idempotency key; { messageId, accepted }', async () => {
      const outcome = await run('with-resend');
      const [request] = providers.requestsOf('resend').slice(-1);
      expect(request.headers.authorization).toBe(`Bearer ${RESEND_KEY}`);
      expect(request.headers['idempotency-key']).toBe('run-1:with-resend:0');
      expect(request.body).toEqual({
        from: 'sender@baton.test',
        to: ['ada@example.com'],
        cc: ['carol@example.com'],
        subject: 'Via Resend',
        html: '<p>Resend</p>',
      });
      expect(outcome).toEqual({
        ok: true,
        output: { messageId: expect.any(String), accepted: ['ada@example.com', 'carol@example.com'] },
      });
      expect(JSON.stringify(outcome)).not.toContain(RESEND_KEY);
    });

    it('sends with a named Resend connection', async () => {
      expect(await run('resend-connection')).toMatchObject({ ok: true });
      expect(providers.requestsOf('resend').at(-1)?.body).toMatchObject({
        subject: 'Via a Resend connection',
      });
    });

    it('sends with SendGrid: personalizations, text/plain before text/html; the X-Message-Id as messageId', async () => {
      const outcome = await run('with-sendgrid');
      const request = providers.requestsOf('sendgrid').at(-1);
      expect(request?.headers.authorization).toBe(`Bearer ${SENDGRID_KEY}`);
      expect(request?.body).toEqual({
        personalizations: [{ to: [{ email: 'ada@example.com' }], bcc: [{ email: 'dave@example.com' }] }],
        from: { email: 'sender@baton.test' },
        subject: 'Via SendGrid',
        content: [
          { type: 'text/plain', value: 'plain part' },
          { type: 'text/html', value: '<p>html part</p>' },
        ],
      });
      expect(outcome).toEqual({
        ok: true,
        output: {
          messageId: expect.stringMatching(/^[\w-]{10,}$/),
          accepted: ['ada@example.com', 'dave@example.com'],
        },
      });
    });

    it('fails a wrong API key as a non-retryable http failure, without the key in it', async () => {
      deps = testDeps({ ...env, SENDGRID_KEY: 'SG.wrong-k3y-value' });
      const outcome = await run('with-sendgrid');
      expect(outcome).toMatchObject({
        ok: false,
        error: { code: 'http-401', status: 401 },
        retryable: false,
      });
      expect(JSON.stringify(outcome)).not.toContain('SG.wrong-k3y-value');
    });

    it('retries a provider outage (5xx) through the engine: the failure is retryable', async () => {
      providers.failNext('resend', { status: 503, body: { message: 'down' } });
      expect(await run('with-resend')).toMatchObject({
        ok: false,
        error: { code: 'http-503' },
        retryable: true,
      });
    });
  });
});
