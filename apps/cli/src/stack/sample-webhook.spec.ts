import { yamlFixture } from '../testing/yaml-fixture';
import { payloadFor, sampleWebhook, type EnsembleListing, type SampleWebhookInput } from './sample-webhook';

const ensembles = yamlFixture<EnsembleListing[]>(__dirname, 'ensembles.yaml');
const INPUTS = ['expense', 'order-webhook', 'order', 'support-request', 'ticket'].map(
  (name) => `/repo/examples/inputs/${name}.json`,
);
const README = [
  '```sh',
  'baton webhook send /hooks/router --scheme hmac-sha256 --secret dev-secret --data @examples/inputs/support-request.json',
  '```',
].join('\n');

function input(overrides: Partial<SampleWebhookInput> = {}): SampleWebhookInput {
  return {
    ensembles,
    env: {},
    inputFiles: INPUTS,
    examplesReadme: README,
    readmeBase: '/repo',
    cwd: '/repo',
    ...overrides,
  };
}

describe('the webhook line start suggests', () => {
  it('picks the first webhook trigger whose secret the environment sets, with the secret as its variable', () => {
    const sample = sampleWebhook(input({ env: { ROUTER_WEBHOOK_SECRET: 'dev' } }));
    expect(sample).toEqual({
      command:
        'baton webhook send /hooks/router --scheme hmac-sha256 --secret "$ROUTER_WEBHOOK_SECRET" --data @examples/inputs/support-request.json',
      unsetSecret: undefined,
    });
  });

  it("prints the examples' public development secret as it is, so the line works when pasted", () => {
    const sample = sampleWebhook(input({ literalSecrets: { ROUTER_WEBHOOK_SECRET: 'dev-router-secret' } }));
    expect(sample?.command).toBe(
      'baton webhook send /hooks/router --scheme hmac-sha256 --secret dev-router-secret --data @examples/inputs/support-request.json',
    );
  });

  it('prefers a secret the environment sets over a development one', () => {
    const sample = sampleWebhook(
      input({
        env: { ROUTER_WEBHOOK_SECRET: 'mine' },
        literalSecrets: { ORDERS_WEBHOOK_SECRET: 'whsec_dev' },
      }),
    );
    expect(sample?.command).toContain('/hooks/router --scheme hmac-sha256 --secret "$ROUTER_WEBHOOK_SECRET"');
  });

  it('falls back to the first webhook trigger and names the variable to set', () => {
    const sample = sampleWebhook(input({ examplesReadme: undefined }));
    expect(sample?.command).toMatch(
      /^baton webhook send \/hooks\/orders --scheme standard-webhooks --secret "\$ORDERS_WEBHOOK_SECRET" /,
    );
    expect(sample?.unsetSecret).toBe('ORDERS_WEBHOOK_SECRET');
    expect(sampleWebhook(input())?.unsetSecret).toBe('ROUTER_WEBHOOK_SECRET');
  });

  it('uses the payload the examples’ README sends to that path', () => {
    expect(payloadFor('/hooks/router', 'webhook-router', input())).toBe(
      '/repo/examples/inputs/support-request.json',
    );
  });

  it('else the sample named like the path or ensemble, a delivery-shaped one first', () => {
    expect(payloadFor('/hooks/orders', 'process-order', input())).toBe(
      '/repo/examples/inputs/order-webhook.json',
    );
    expect(
      payloadFor('/hooks/router', 'webhook-router', input({ examplesReadme: undefined })),
    ).toBeUndefined();
  });

  it('sends {} when no sample fits, and an absolute path when the sample is outside the working directory', () => {
    expect(
      sampleWebhook(input({ env: { ROUTER_WEBHOOK_SECRET: 'x' }, examplesReadme: undefined }))?.command,
    ).toMatch(/--data '\{\}'$/);
    expect(sampleWebhook(input({ env: { ROUTER_WEBHOOK_SECRET: 'x' }, cwd: '/tmp' }))?.command).toMatch(
      /--data @\/repo\/examples\/inputs\/support-request\.json$/,
    );
  });

  it('prefers the trigger the examples’ README shows when several have a development secret', () => {
    const sample = sampleWebhook(
      input({
        literalSecrets: { ORDERS_WEBHOOK_SECRET: 'whsec_dev', ROUTER_WEBHOOK_SECRET: 'dev-router-secret' },
      }),
    );
    expect(sample?.command).toBe(
      'baton webhook send /hooks/router --scheme hmac-sha256 --secret dev-router-secret --data @examples/inputs/support-request.json',
    );
  });

  it('starts the line with how the user runs the CLI', () => {
    const sample = sampleWebhook(input({ env: { ROUTER_WEBHOOK_SECRET: 'x' }, cli: './baton/dev baton' }));
    expect(sample?.command).toMatch(/^\.\/baton\/dev baton webhook send \/hooks\/router /);
  });

  it('suggests nothing when no ensemble has a webhook trigger', () => {
    expect(
      sampleWebhook(input({ ensembles: ensembles.filter((e) => e.name === 'daily-report') })),
    ).toBeUndefined();
  });

  it('leaves --secret out for scheme none and asks for it when the secret is written in the definition', () => {
    const open = [
      { name: 'open', revision: 1, triggers: [{ type: 'webhook', path: '/open', auth: { scheme: 'none' } }] },
    ];
    const literal = [
      {
        name: 'lit',
        revision: 1,
        triggers: [{ type: 'webhook', path: '/lit', auth: { scheme: 'github', secret: 'inline' } }],
      },
    ];
    expect(sampleWebhook(input({ ensembles: open }))?.command).toBe(
      "baton webhook send /open --scheme none --data '{}'",
    );
    expect(sampleWebhook(input({ ensembles: literal }))?.command).toContain('--secret <secret>');
  });
});
