import { yamlFixture } from '../testing/yaml-fixture';
import { formatReadyBanner, type ReadyBannerInput } from './ready-banner';
import type { EnsembleListing } from './sample-webhook';

const ensembles = yamlFixture<EnsembleListing[]>(__dirname, 'ensembles.yaml');
const base: ReadyBannerInput = {
  ingressUrl: 'http://127.0.0.1:8080',
  ensemblesFrom: 'examples/ensembles',
  services: [
    { name: 'ingress', healthPort: 8080 },
    { name: 'orchestrator', healthPort: 8082 },
  ],
  ensembles,
  sample: { command: 'baton webhook send /hooks/router --scheme hmac-sha256 --secret "$S" --data \'{}\'' },
};

describe('the banner start prints once ready', () => {
  const text = formatReadyBanner(base);

  it('gives the ingress URL on a line of its own, and the health ports', () => {
    expect(text).toMatch(/^ {2}ingress {4}http:\/\/127\.0\.0\.1:8080$/m);
    expect(text).toMatch(/^ {2}health {5}orchestrator :8082$/m);
  });

  it('says where NATS and PostgreSQL run, and the data of those baton start runs itself', () => {
    const servers = formatReadyBanner({
      ...base,
      servers: [
        { name: 'nats', url: 'nats://127.0.0.1:4222' },
        { name: 'postgres', url: 'postgres://127.0.0.1:5432/baton', dataDir: '.baton/postgres' },
      ],
    });
    expect(servers).toMatch(/^ {2}nats {7}nats:\/\/127\.0\.0\.1:4222$/m);
    expect(servers).toMatch(
      /^ {2}postgres {3}postgres:\/\/127\.0\.0\.1:5432\/baton {4}\(run by baton start, data in \.baton\/postgres\)$/m,
    );
    expect(text).not.toContain('nats');
  });

  it('lists each ensemble with its revision and triggers, webhooks as the URL to post to', () => {
    expect(text).toMatch(
      /^ {2}webhook-router +r6 +POST http:\/\/127\.0\.0\.1:8080\/webhooks\/hooks\/router \(hmac-sha256\)$/m,
    );
    expect(text).toMatch(
      /^ {2}daily-report +r1 +cron 0 8 \* \* 1-5 Europe\/Paris \(next 2026-06-02 08:00:00\+02:00\), manual$/m,
    );
    expect(text).toMatch(/^ {2}ticket-intake +r5 +queue support-tickets$/m);
    expect(text).toMatch(/^ {2}seed-inventory +r4 +manual$/m);
  });

  it('prints the line to try, and says which secret to export when it is not set', () => {
    expect(text).toContain(`  ${base.sample?.command}\n`);
    const unset = formatReadyBanner({
      ...base,
      sample: { command: 'baton webhook send …', unsetSecret: 'ROUTER_WEBHOOK_SECRET' },
    });
    expect(unset).toContain('ROUTER_WEBHOOK_SECRET is not set');
  });

  it('writes every line to try as the user runs the CLI from where they are', () => {
    const viaDev = formatReadyBanner({
      ...base,
      cli: './dev baton',
      sample: { command: './dev baton webhook send /hooks/router --data @x.json' },
    });
    const tried = viaDev.slice(viaDev.indexOf('Try:')).split('\n').slice(1, 4);
    expect(tried).toEqual([
      '  ./dev baton webhook send /hooks/router --data @x.json',
      '  ./dev baton runs',
      "  ./dev baton logs -f              # every run's events as they happen",
    ]);
    expect(text).toContain('\n  baton runs\n');
  });

  it('says how many registered ensembles it left out, and how to list them', () => {
    expect(text).not.toContain('registered earlier');
    expect(formatReadyBanner({ ...base, otherEnsembles: 2 })).toContain(
      '  (2 more ensembles registered earlier, not in this directory: baton start --all lists them)',
    );
  });

  it('tells to export BATON_URL when ingress is not on the port the verbs look at', () => {
    expect(text).not.toContain('BATON_URL');
    expect(formatReadyBanner({ ...base, needsBatonUrl: true })).toContain(
      'export BATON_URL=http://127.0.0.1:8080',
    );
  });

  it('says when no ensemble is loaded, or why they could not be listed', () => {
    expect(formatReadyBanner({ ...base, ensembles: [] })).toContain('No ensemble is loaded');
    expect(
      formatReadyBanner({ ...base, ensembles: undefined, ensemblesProblem: '401 unauthorized: bad key' }),
    ).toContain('Could not list the ensembles: 401 unauthorized: bad key');
  });
});
