import { snapshotEnvironment } from '@baton/engine';
import { SecretSet } from '@baton/expressions';
import type { NotificationDefinition, NotificationEvent } from '@baton/model';
import { Outbound, parseAllowList } from '@baton/outbound';
import { startFakeSmtp, type FakeSmtp } from '@baton/provider-fakes';
import { attemptEmail } from './email-attempt';
import { EVENT_COLOURS } from './email-content';
import { notificationPayload } from './notification-payload';
import { notificationScope } from './notification-scope';
import { completedRun, definitionWith, stateAfter } from './testing/notification-fixtures';

const SMTP_PASSWORD = 'c4nary-smtp-login-8812';

describe('an email attempt', () => {
  let smtp: FakeSmtp;
  const outbound = new Outbound({ allow: parseAllowList('127.0.0.1') });
  const events = completedRun();

  beforeAll(async () => {
    smtp = await startFakeSmtp({ users: { notifier: SMTP_PASSWORD } });
  });
  afterAll(async () => {
    await smtp.close();
    await outbound.close();
  });

  const send = (yaml: string, event: NotificationEvent, env: Record<string, string>) => {
    const definition = definitionWith(yaml);
    const notification = definition.notifications[0] as Extract<NotificationDefinition, { type: 'email' }>;
    const seq =
      { 'execution.started': 2, 'agent.completed': 4, 'execution.completed': 6 }[event as string] ?? 6;
    const state = stateAfter(events, seq);
    const payload = notificationPayload(state, events[seq - 1], event);
    return attemptEmail({
      notification,
      payload,
      deliveryId: `d-${event}`,
      scope: notificationScope(definition, 3, state, payload, snapshotEnvironment(env)),
      secrets: new SecretSet(),
      env: snapshotEnvironment(env),
      outbound,
      now: Date.now(),
    });
  };
  const smtpEnv = () => ({ SMTP_URL: smtp.url({ user: 'notifier', password: SMTP_PASSWORD }) });

  it('sends a text part with the event as JSON and an HTML part in the colour of the event, with a templated subject', async () => {
    const outcome = await send(
      `  - type: email
    to: [ops@example.com, "\${input.expenseId}@audit.example.com"]
    from: baton@example.com
    subject: "[\${event}] \${ensemble.name}: \${data.expenseId} \${data.decision} (\${data.status})"`,
      'execution.completed',
      smtpEnv(),
    );
    expect(outcome).toEqual({
      delivered: true,
      target: 'ops@example.com, exp-9@audit.example.com',
      retryable: false,
    });
    const mail = smtp.received.at(-1);
    expect(mail).toMatchObject({
      user: 'notifier',
      from: ['baton@example.com'],
      to: ['ops@example.com', 'exp-9@audit.example.com'],
      subject: '[execution.completed] approvals: exp-9 approved (completed)',
      messageId: '<d-execution.completed@baton.local>',
    });
    expect(JSON.parse(mail?.text ?? '')).toEqual({
      event: 'execution.completed',
      timestamp: '2026-12-01T10:00:03.000Z',
      data: expect.objectContaining({
        id: 'run-1',
        status: 'completed',
        output: { decision: 'approved', shared: 'output' },
      }),
    });
    expect(mail?.html).toContain(`border-left:6px solid ${EVENT_COLOURS.completed}`);
    expect(mail?.html).toContain('data-event="execution.completed"');
  });

  it.each([
    ['execution.started', EVENT_COLOURS.other],
    ['agent.completed', EVENT_COLOURS.completed],
  ] as const)('colours %s with %s, and defaults the subject to [event] ensemble', async (event, colour) => {
    expect((await send('  - type: email\n    to: ops@example.com', event, smtpEnv())).delivered).toBe(true);
    const mail = smtp.received.at(-1);
    expect(mail?.subject).toBe(`[${event}] approvals`);
    expect(mail?.html).toContain(`border-left:6px solid ${colour}`);
    expect(mail?.from).toEqual(['notifications@baton.local']);
  });

  it('colours failures and time-outs red', async () => {
    const { colourOf } = await import('./email-content');
    expect(colourOf('execution.failed')).toBe(EVENT_COLOURS.failed);
    expect(colourOf('execution.timeout')).toBe(EVENT_COLOURS.failed);
    expect(colourOf('agent.failed')).toBe(EVENT_COLOURS.failed);
    expect(colourOf('execution.cancelled')).toBe(EVENT_COLOURS.other);
    expect(colourOf('state.updated')).toBe(EVENT_COLOURS.other);
  });

  it('escapes what the run holds in the HTML part', async () => {
    const { emailHtml } = await import('./email-content');
    const state = stateAfter(events, 6);
    const payload = notificationPayload(state, events[5], 'execution.failed');
    const html = emailHtml({ ...payload, data: { ...payload.data, ensemble: '<script>x</script>' } }, 's');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('reports a refused login as not retryable, without the password', async () => {
    const outcome = await send('  - type: email\n    to: ops@example.com', 'execution.completed', {
      SMTP_URL: smtp.url({ user: 'notifier', password: `${SMTP_PASSWORD}-wrong` }),
    });
    expect(outcome).toMatchObject({ delivered: false, retryable: false, target: 'ops@example.com' });
    expect(outcome.error).toMatch(/^SMTP: /);
    expect(JSON.stringify(outcome)).not.toContain(SMTP_PASSWORD);
  });

  it('does not send without a mail provider in the environment', async () => {
    const outcome = await send('  - type: email\n    to: ops@example.com', 'execution.completed', {});
    expect(outcome).toMatchObject({ delivered: false, retryable: false });
    expect(outcome.error).toContain('set SMTP_URL');
  });

  it('shows a secret read into the subject as [redacted]', async () => {
    await send(
      '  - type: email\n    to: ops@example.com\n    subject: "key ${env.API_KEY}"',
      'execution.completed',
      {
        ...smtpEnv(),
        API_KEY: 'c4nary-subject-key-0042',
      },
    );
    expect(smtp.received.at(-1)?.subject).toBe('key [redacted]');
  });
});
