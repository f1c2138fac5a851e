import type { EnsembleDefinition } from '@baton/model';
import { startFakeProviders, type FakeProviders } from '@baton/provider-fakes';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { executeTask } from '../execute-task';

const TWILIO_TOKEN = 'c4nary-twilio-t0ken';
const AWS_SECRET = 'c4nary/aws+secret/key';

describe('sms operation', () => {
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

  beforeAll(async () => {
    providers = await startFakeProviders({
      twilio: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: TWILIO_TOKEN },
      sns: { accessKeyId: 'AKIAC4NARY0000000001', secretAccessKey: AWS_SECRET, region: 'eu-west-1' },
    });
    definition = loadEnsembleFixture('sms.yaml');
  });
  beforeEach(() => {
    env = {
      PROVIDERS_URL: providers.baseUrl,
      TWILIO_ACCOUNT_SID: providers.credentials.twilio.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      VONAGE_KEY: providers.credentials.vonage.apiKey,
      VONAGE_SECRET: providers.credentials.vonage.apiSecret,
      AWS_ACCESS_KEY_ID: providers.credentials.sns.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    };
    deps = testDeps(env);
  });
  afterEach(() => deps.release());
  afterAll(() => providers.close());

  it('sends with Twilio: Basic auth with the account SID and token (from the environment), a form body; { id, status }', async () => {
    const outcome = await run('twilio', { to: '+15550000002', code: '4242' });
    const request = providers.requestsOf('twilio').at(-1);
    expect(request?.path).toBe(`/2010-04-01/Accounts/${env.TWILIO_ACCOUNT_SID}/Messages.json`);
    expect(request?.body).toEqual({ To: '+15550000002', From: '+15550000001', Body: 'Your code is 4242' });
    expect(outcome).toEqual({
      ok: true,
      output: { id: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' },
    });
    expect(JSON.stringify(outcome)).not.toContain(TWILIO_TOKEN);
  });

  it('sends with the credentials of a twilio connection, body given as message', async () => {
    expect(await run('twilio-connection')).toMatchObject({ ok: true, output: { status: 'queued' } });
    expect(providers.requestsOf('twilio').at(-1)?.body).toMatchObject({ Body: 'via a connection' });
  });

  it('fails with Twilio credentials it refuses: http-401, not retryable, the token nowhere in it', async () => {
    deps = testDeps({ ...env, TWILIO_AUTH_TOKEN: `${TWILIO_TOKEN}-old` });
    const outcome = await run('twilio', { to: '+15550000002', code: '1' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http-401' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain('Authenticate');
    expect(JSON.stringify(outcome)).not.toContain(TWILIO_TOKEN);
  });

  it('sends with Vonage: key and secret in the form; the message-id as id', async () => {
    const outcome = await run('vonage');
    expect(providers.requestsOf('vonage').at(-1)?.body).toEqual({
      api_key: env.VONAGE_KEY,
      api_secret: env.VONAGE_SECRET,
      from: 'Baton',
      to: '447700900000',
      text: 'Hello from Vonage',
    });
    expect(outcome).toEqual({ ok: true, output: { id: expect.any(String), status: 'accepted' } });
  });

  it('fails when Vonage answers 200 with a failure status, saying why', async () => {
    deps = testDeps({ ...env, VONAGE_SECRET: 'not-the-secret' });
    expect(await run('vonage')).toEqual({
      ok: false,
      error: { code: 'provider-error', message: 'Vonage refused the message: Bad Credentials (status 4)' },
      retryable: false,
    });
  });

  it('publishes with SNS, signed with SigV4 that the server verifies; the MessageId as id', async () => {
    const outcome = await run('sns');
    const request = providers.requestsOf('sns').at(-1);
    expect(request?.body).toEqual({
      Action: 'Publish',
      Version: '2010-03-31',
      PhoneNumber: '+15550000003',
      Message: 'Hello from SNS',
      'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SenderID',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'Baton',
    });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAC4NARY0000000001\/\d{8}\/eu-west-1\/sns\/aws4_request, SignedHeaders=/,
    );
    expect(outcome).toEqual({
      ok: true,
      output: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' },
    });
    expect(JSON.stringify(outcome)).not.toContain(AWS_SECRET);
  });

  it('fails an SNS request signed with the wrong secret: 403 SignatureDoesNotMatch, not retryable', async () => {
    deps = testDeps({ ...env, AWS_SECRET_ACCESS_KEY: 'another/secret' });
    const outcome = await run('sns');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http-403' }, retryable: false });
    expect(!outcome.ok && outcome.error.message).toContain('SignatureDoesNotMatch');
  });

  it('fails clearly when no provider is named and the environment holds no credentials', async () => {
    deps = testDeps({ PROVIDERS_URL: providers.baseUrl });
    expect(await run('no-provider')).toEqual({
      ok: false,
      error: {
        code: 'invalid-config',
        message: 'sms needs provider: twilio, vonage or sns (or a connection of one of these types)',
      },
      retryable: false,
    });
  });

  it('refuses a provider URL on a private address unless allowed', async () => {
    deps = testDeps({ ...env, PROVIDERS_URL: 'http://10.1.2.3' });
    expect(await run('vonage')).toMatchObject({
      ok: false,
      error: { code: 'outbound-refused' },
      retryable: false,
    });
  });
});
