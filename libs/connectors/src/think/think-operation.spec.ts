import type { EnsembleDefinition } from '@baton/model';
import { startFakeProviders, type FakeProviders } from '@baton/provider-fakes';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { executeTask } from '../execute-task';
import { retryAfterMs } from './model-call';

const ANTHROPIC_KEY = 'sk-ant-c4nary-k3y';
const OPENAI_KEY = 'sk-c4nary-openai-k3y';

describe('think operation', () => {
  let providers: FakeProviders;
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  let env: Record<string, string>;

  const run = (agent: string, input: unknown = {}, timeoutMs?: number) =>
    executeTask(
      taskFor(definition, agent, {
        scope: { ...taskFor(definition, agent).scope, input },
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }),
      definition,
      deps,
    );

  beforeAll(async () => {
    providers = await startFakeProviders({
      anthropic: { apiKey: ANTHROPIC_KEY },
      openai: { apiKey: OPENAI_KEY },
    });
    definition = loadEnsembleFixture('think.yaml');
  });
  beforeEach(() => {
    env = { PROVIDERS_URL: providers.baseUrl, ANTHROPIC_API_KEY: ANTHROPIC_KEY, OPENAI_API_KEY: OPENAI_KEY };
    deps = testDeps(env);
  });
  afterEach(() => deps.release());
  afterAll(() => providers.close());

  it('asks Anthropic Messages with x-api-key and anthropic-version; the text as output, token usage beside it', async () => {
    const outcome = await run('claude', { topic: 'the ledger' });
    const request = providers.requestsOf('anthropic').at(-1);
    expect(request?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system: 'Be brief',
      messages: [{ role: 'user', content: 'Summarise the ledger' }],
    });
    expect(outcome).toEqual({
      ok: true,
      output: '[Be brief] You said: Summarise the ledger',
      usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12 },
    });
    expect(JSON.stringify(outcome)).not.toContain(ANTHROPIC_KEY);
  });

  it('asks OpenAI Chat Completions with a bearer key; the message content as output, usage beside it', async () => {
    const outcome = await run('gpt', { topic: 'the ledger' });
    const request = providers.requestsOf('openai').at(-1);
    expect(request?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(request?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarise the ledger' }],
      max_completion_tokens: 1024,
      temperature: 0.2,
    });
    expect(outcome).toEqual({
      ok: true,
      output: 'You said: Summarise the ledger',
      usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 },
    });
  });

  it('retries a 429 inside the attempt after the Retry-After the provider asks for', async () => {
    providers.failNext('anthropic', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { type: 'error' },
    });
    providers.failNext('anthropic', {
      status: 529,
      headers: { 'retry-after-ms': '10' },
      body: { type: 'error' },
    });
    const before = providers.requestsOf('anthropic').length;
    const outcome = await run('claude', { topic: 'retries' });
    expect(outcome).toMatchObject({ ok: true, output: '[Be brief] You said: Summarise retries' });
    expect(providers.requestsOf('anthropic').length - before).toBe(3);
  });

  it('gives up within the attempt when Retry-After would outlast its time-out; the failure stays retryable', async () => {
    providers.failNext('openai', { status: 429, headers: { 'retry-after': '120' }, body: { error: {} } });
    const before = providers.requestsOf('openai').length;
    const outcome = await run('gpt', { topic: 'patience' }, 5_000);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http-429', status: 429 }, retryable: true });
    expect(providers.requestsOf('openai').length - before).toBe(1);
  });

  it('stops after four calls when the provider keeps failing', async () => {
    providers.failNext('openai', { status: 503, headers: { 'retry-after': '0' }, body: 'busy' }, 4);
    const before = providers.requestsOf('openai').length;
    expect(await run('gpt', { topic: 'outage' })).toMatchObject({
      ok: false,
      error: { code: 'http-503' },
      retryable: true,
    });
    expect(providers.requestsOf('openai').length - before).toBe(4);
  });

  it('does not retry a refused key, and never reports the key (not even the masked echo of it)', async () => {
    deps = testDeps({ ...env, OTHER_OPENAI_KEY: 'sk-c4nary-other-wrong' });
    const before = providers.requestsOf('openai').length;
    const outcome = await run('gpt-with-key');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http-401' }, retryable: false });
    expect(providers.requestsOf('openai').length - before).toBe(1);
    expect(JSON.stringify(outcome)).not.toContain('sk-c4nary-other-wrong');
  });

  it('needs a model', async () => {
    expect(await run('no-model')).toEqual({
      ok: false,
      error: { code: 'invalid-config', message: 'model is required' },
      retryable: false,
    });
  });

  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms first', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '3' }, now)).toBe(250);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});
