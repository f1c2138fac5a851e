/**
 * @baton/client against a real ingress (and the services behind it): every API call, the typed
 * errors, webhook signing for each scheme, and the examples' signup handler written with it.
 */
import { join } from 'node:path';
import { Baton, BatonApiError, BatonNetworkError, type RunListItem, type WebhookScheme } from '@baton/client';
import { onUserSignup } from '../examples/client/on-user-signup';
import { freePort, ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const SECRETS: Record<Exclude<WebhookScheme, 'none'>, string> = {
  'hmac-sha256': 'client-e2e-hmac-secret',
  stripe: 'whsec_client_e2e_stripe',
  github: 'client-e2e-github-secret',
  'standard-webhooks': 'whsec_Y2xpZW50LWUyZS1zdGFuZGFyZC13ZWJob29rcw==',
};
const API_KEY = 'client-e2e-api-key';
let stack: Stack;
let baton: Baton;
let pgProxy: TcpProxy;

beforeAll(async () => {
  pgProxy = await startTcpProxy(5432);
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/client/ensembles'),
    only: ['ingress', 'orchestrator', 'worker', 'projector'],
    env: ({ database }) => ({
      BATON_API_KEY: API_KEY,
      CLIENT_HMAC_SECRET: SECRETS['hmac-sha256'],
      CLIENT_STRIPE_SECRET: SECRETS.stripe,
      CLIENT_GITHUB_SECRET: SECRETS.github,
      CLIENT_STANDARD_SECRET: SECRETS['standard-webhooks'],
      // Ingress reads the runs through a proxy the last test cuts (a 503 of the real API).
      DATABASE_URL: database.url.replace(':5432/', `:${pgProxy.port}/`),
      DATA_DATABASE_URL: database.url,
    }),
  });
  baton = new Baton({ url: stack.baseUrl, apiKey: API_KEY });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await pgProxy?.close();
});

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** Resolves once the run has logged WaitStarted: only then can its wait be resolved. */
async function waiting(runId: string) {
  await waitFor(`run ${runId} to wait`, async () =>
    (await baton.runs.events(runId)).some((event) => event.type === 'WaitStarted'),
  );
}

async function ended(runId: string) {
  return waitFor(`run ${runId} to end`, async () => {
    const run = await baton.runs.get(runId);
    return ['completed', 'failed', 'timed_out', 'cancelled'].includes(run.status) ? run : undefined;
  });
}

describe('execute and start', () => {
  it('execute starts a run, waits for its end and reports success with the output', async () => {
    const result = await baton.execute<{ greeting: string }>('client-greeting', { name: 'Ada' });
    expect(result).toMatchObject({ success: true, status: 'completed', output: { greeting: 'Hello Ada' } });
    expect(result.error).toBeNull();
    expect((await baton.runs.get(result.runId)).output).toEqual({ greeting: 'Hello Ada' });
  });

  it('refuses an input that fails the ensemble’s schema with a 422 BatonApiError and its details', async () => {
    const error = await rejection(baton.execute('client-greeting', { name: '' }));
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_input' });
    expect((error as BatonApiError).details).toBeDefined();
  });

  it('names an unknown ensemble with a 404', async () => {
    expect(await rejection(baton.start('no-such-ensemble'))).toMatchObject({
      status: 404,
      code: 'not_found',
      message: "no ensemble named 'no-such-ensemble'",
    });
  });

  it('execute answers not_ended with the run’s status when the run outlives the timeout', async () => {
    const result = await baton.execute('client-approval', { id: 'slow-1' }, { timeout: '1s' });
    expect(result).toMatchObject({ success: false, status: 'running', output: null });
    expect(result.error?.code).toBe('not_ended');
    await waiting(result.runId);
    await baton.waits.resolve('client-slow-1', { action: 'approve' });
    expect((await ended(result.runId)).output).toEqual({ id: 'slow-1', action: 'approve' });
  });

  it('start with one idempotency key starts one run, whose id both calls answer', async () => {
    const first = await baton.start('client-greeting', { name: 'Lin' }, { idempotencyKey: 'greet-lin' });
    const second = await baton.start('client-greeting', { name: 'Lin' }, { idempotencyKey: 'greet-lin' });
    expect(second).toBe(first);
    const third = await baton.start('client-greeting', { name: 'Lin' });
    expect(third).not.toBe(first);
  });
});

describe('runs', () => {
  it('events lists the run’s log in order, from RunRequested to RunCompleted', async () => {
    const { runId } = await baton.execute('client-greeting', { name: 'Events' });
    const events = await baton.runs.events(runId);
    expect(events[0]).toMatchObject({ type: 'RunRequested', seq: 1, runId });
    expect(events.at(-1)?.type).toBe('RunCompleted');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
  });

  it('cancel stops a waiting run, and a second cancel is a 409 conflict', async () => {
    const runId = await baton.start('client-approval', { id: 'cancel-1' });
    await waiting(runId);
    expect(await baton.runs.cancel(runId)).toEqual({ runId, status: 'cancelling' });
    expect((await ended(runId)).status).toBe('cancelled');
    expect(await rejection(baton.runs.cancel(runId))).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('rerun starts a new run of the same ensemble with the same input', async () => {
    const { runId } = await baton.execute('client-greeting', { name: 'Again' });
    const rerun = await baton.runs.rerun(runId);
    expect(rerun.rerunOf).toBe(runId);
    expect(rerun.runId).not.toBe(runId);
    expect(await ended(rerun.runId)).toMatchObject({ status: 'completed', input: { name: 'Again' } });
  });

  it('get of an unknown run is a 404', async () => {
    expect(await rejection(baton.runs.get('no-such-run'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('list gives one page when awaited and every run across pages when iterated, newest first', async () => {
    const started: string[] = [];
    for (const name of ['p1', 'p2', 'p3'])
      started.push((await baton.execute('client-greeting', { name })).runId);
    await waitFor('the read model to list the runs', async () => {
      const { runs } = await baton.runs.list({ ensemble: 'client-greeting', limit: 100 });
      return started.every((id) => runs.some((run) => run.id === id)) || undefined;
    });

    const page = await baton.runs.list({ ensemble: 'client-greeting', limit: 2 });
    expect(page.runs).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));

    const all: RunListItem[] = [];
    for await (const run of baton.runs.list({ ensemble: 'client-greeting', limit: 2 })) all.push(run);
    expect(new Set(all.map((run) => run.id)).size).toBe(all.length);
    expect(all.map((run) => run.id)).toEqual(expect.arrayContaining(started));
    const times = all.map((run) => run.createdAt);
    expect(times).toEqual([...times].sort().reverse());

    let pages = 0;
    for await (const onePage of baton.runs.list({ ensemble: 'client-greeting', limit: 2 }).pages()) {
      pages += 1;
      expect(onePage.runs.length).toBeLessThanOrEqual(2);
    }
    expect(pages).toBe(Math.ceil(all.length / 2));
  });
});

describe('ensembles and waits', () => {
  const yaml = (greeting: string) => `ensemble: client-registered
trigger:
  - type: manual
agents:
  - name: say
    operation: transform
    config: { value: "${greeting}" }
output: { said: \${say.output} }
`;

  it('register takes YAML text, answers created, and an unchanged text creates no revision', async () => {
    const first = await baton.ensembles.register(yaml('hi'));
    expect(first).toMatchObject({ name: 'client-registered', created: true });
    expect(await baton.ensembles.register(yaml('hi'))).toMatchObject({
      revision: first.revision,
      created: false,
    });
    const second = await baton.ensembles.register(yaml('hello'));
    expect(second.revision).toBeGreaterThan(first.revision);
    expect((await baton.execute('client-registered')).output).toEqual({ said: 'hello' });
  });

  it('register refuses an invalid definition with a 422 listing each issue with its line', async () => {
    const error = await rejection(baton.ensembles.register('ensemble: broken\nagents:\n  - name: x\n'));
    expect(error).toMatchObject({ status: 422, code: 'invalid_input' });
    const { issues } = (error as BatonApiError).details as { issues: { line?: number; text: string }[] };
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].text).toEqual(expect.any(String));
  });

  it('list and get show the registered ensembles, their revisions and definition', async () => {
    const names = (await baton.ensembles.list()).map((ensemble) => ensemble.name);
    expect(names).toEqual(expect.arrayContaining(['client-greeting', 'client-approval', 'client-hooks']));
    const hooks = await baton.ensembles.get('client-hooks');
    expect(hooks.revisions.length).toBeGreaterThan(0);
    expect(hooks.triggers.find((trigger) => trigger.path === '/client/hmac')?.auth).toMatchObject({
      scheme: 'hmac-sha256',
      header: 'x-shop-signature',
    });
    expect(await rejection(baton.ensembles.get('nope'))).toMatchObject({ status: 404 });
  });

  it('waits.resolve resolves an open wait and names an unknown key with a 404', async () => {
    const runId = await baton.start('client-approval', { id: 'w-1' });
    await waiting(runId);
    expect(await baton.waits.resolve('client-w-1', { action: 'reject', reason: 'over budget' })).toEqual({
      runId,
      key: 'client-w-1',
      resolved: true,
    });
    expect((await ended(runId)).output).toEqual({ id: 'w-1', action: 'reject' });
    expect(await rejection(baton.waits.resolve('client-none', { action: 'approve' }))).toMatchObject({
      status: 404,
    });
  });
});

describe('webhooks', () => {
  const paths: Record<Exclude<WebhookScheme, 'none'>, string> = {
    'hmac-sha256': '/client/hmac',
    stripe: '/client/stripe',
    github: '/client/github',
    'standard-webhooks': '/client/standard',
  };

  it.each(Object.keys(paths) as Exclude<WebhookScheme, 'none'>[])(
    'send signs a %s delivery that ingress accepts, and the run sees the body',
    async (scheme) => {
      const body = { id: `evt_${scheme}_1`, amount: 1250 };
      const accepted = await baton.webhooks.send(paths[scheme], body, {
        scheme,
        secret: SECRETS[scheme],
        header: scheme === 'hmac-sha256' ? 'x-shop-signature' : undefined,
      });
      expect(accepted).toEqual({ status: 202, runId: expect.any(String), duplicate: false });
      // Ingress adds what it knows of the delivery under `webhook`.
      expect((await ended(accepted.runId)).output).toMatchObject({ ...body, webhook: { scheme } });
    },
  );

  it('a delivery signed with the wrong secret is a 401 that starts nothing', async () => {
    const error = await rejection(
      baton.webhooks.send('/client/github', '{"x":1}', { scheme: 'github', secret: 'not-the-secret' }),
    );
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({ status: 401 });
  });
});

describe('the examples’ signup handler', () => {
  it('runs on-user-signup with the client and returns its output, once per user', async () => {
    await baton.ensembles.register({ config_path: join(ROOT, 'examples/ensembles/on-user-signup.yaml') });
    const user = { id: 'u-42', email: 'Ada@Example.com', name: 'Ada' };
    expect(await onUserSignup(user, baton)).toEqual({
      userId: 'u-42',
      email: 'ada@example.com',
      firstSignup: true,
      welcome: 'Welcome to the team, Ada!',
    });
    // The same user again is the same run (its idempotency key), so the same answer.
    expect((await onUserSignup(user, baton)).firstSignup).toBe(true);
    await expect(onUserSignup({ id: 'u-43', email: 'not-an-email' }, baton)).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('the API key', () => {
  it('goes with every API call; without it ingress answers 401, which the client throws', async () => {
    const error = await rejection(new Baton({ url: stack.baseUrl }).runs.list());
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((error as Error).message).not.toContain(API_KEY);
  });
});

describe('a refusal for now', () => {
  it('is a 503 BatonApiError marked retryable while the read models are unreachable', async () => {
    await pgProxy.cut();
    try {
      const error = await waitFor('a 503', async () => {
        const failed = await rejection(baton.runs.list());
        return (failed as BatonApiError).status === 503 ? failed : undefined;
      });
      expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    } finally {
      await pgProxy.open();
    }
  });
});

describe('without an ingress', () => {
  it('fails with a BatonNetworkError naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await rejection(new Baton({ url }).runs.list());
    expect(error).toBeInstanceOf(BatonNetworkError);
    expect(error).toMatchObject({ reason: 'unreachable', url });
  });
});
