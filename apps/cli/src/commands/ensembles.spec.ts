import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server';
import { yamlFixture } from '../testing/yaml-fixture';
import { ensemblesCommand } from './ensembles';

const ensembles = yamlFixture<unknown[]>(`${__dirname}/../stack`, 'ensembles.yaml');
const detail = {
  name: 'process-order',
  revision: 3,
  version: '1.2.0',
  description: 'Validate an order, check stock, charge the customer',
  triggers: [
    {
      type: 'webhook',
      path: '/hooks/orders',
      auth: {
        scheme: 'standard-webhooks',
        secret: '${env.ORDERS_WEBHOOK_SECRET}',
        header: 'x-order-signature',
      },
    },
    { type: 'manual' },
  ],
  agents: [
    { name: 'validate-order', operation: 'code', dependsOn: [] },
    { name: 'charge', operation: 'http', dependsOn: ['validate-order'] },
  ],
  revisions: [1, 2, 3],
  definition: { name: 'process-order' },
};
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (request.url === '/api/ensembles')
      return {
        status: 200,
        body: { ensembles: ensembles.map((e) => ({ agents: [], version: null, ...(e as object) })) },
      };
    if (request.url === '/api/ensembles/process-order' && request.method === 'DELETE')
      return { status: 200, body: { name: 'process-order', revision: 3, removed: true } };
    if (request.url === '/api/ensembles/process-order') return { status: 200, body: detail };
    return { status: 404, body: { error: { code: 'not_found', message: "no ensemble named 'nope'" } } };
  });
});
afterAll(() => server.close());

async function run(args: string[]) {
  const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
  const status = await ensemblesCommand.run(args, io);
  return { status, out: io.out(), err: io.err(), request: server.requests.at(-1) };
}

describe('baton ensembles', () => {
  it('lists every ensemble by name with its revision, agent count and how it starts (also as ls)', async () => {
    const { status, out } = await run([]);
    expect(status).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^NAME +REV +VERSION +AGENTS +STARTS ON$/);
    expect(out).toMatch(
      new RegExp(
        `^webhook-router +r6 +— +0 +POST ${server.url.replace(/\./g, '\\.')}/webhooks/hooks/router \\(hmac-sha256\\)$`,
        'm',
      ),
    );
    expect(out).toMatch(/^seed-inventory +r4 +— +0 +manual$/m);
    expect((await run(['ls'])).out).toBe(out);
  });

  it('shows one ensemble: revisions, triggers with where the signature and secret come from, agents in order', async () => {
    const { status, out, request } = await run(['show', 'process-order']);
    expect(status).toBe(0);
    expect(request?.url).toBe('/api/ensembles/process-order');
    expect(out).toMatch(/^ensemble +process-order \(revision 3, version 1\.2\.0\)$/m);
    expect(out).toMatch(/^revisions +1, 2, 3$/m);
    expect(out).toMatch(
      /^ {2}webhook +POST .*\/webhooks\/hooks\/orders \(standard-webhooks\) +signature in x-order-signature, secret from ORDERS_WEBHOOK_SECRET$/m,
    );
    expect(out).toMatch(/^ {2}2 +charge +http +validate-order$/m);
  });

  it('prints what the API answered with --json', async () => {
    expect(JSON.parse((await run(['show', 'process-order', '--json'])).out)).toEqual(detail);
    expect(JSON.parse((await run(['--json'])).out).ensembles).toHaveLength(ensembles.length);
  });

  it('exits 1 with the API error for an unknown ensemble', async () => {
    const { status, err } = await run(['show', 'nope']);
    expect(status).toBe(1);
    expect(err).toBe("baton ensembles: 404 not_found: no ensemble named 'nope'\n");
  });

  it('removes an ensemble with DELETE, saying that its triggers stopped and its runs go on', async () => {
    const { status, out, request } = await run(['rm', 'process-order']);
    expect(status).toBe(0);
    expect([request?.method, request?.url]).toEqual(['DELETE', '/api/ensembles/process-order']);
    expect(out).toBe(
      'Removed ensemble process-order (last revision 3): its triggers are stopped; runs in flight go on and its history is kept.\n',
    );
    expect(JSON.parse((await run(['rm', 'process-order', '--json'])).out)).toEqual({
      name: 'process-order',
      revision: 3,
      removed: true,
    });
  });

  it('exits 1 with the API error when removing an unknown ensemble', async () => {
    const { status, err } = await run(['rm', 'nope']);
    expect(status).toBe(1);
    expect(err).toBe("baton ensembles: 404 not_found: no ensemble named 'nope'\n");
  });

  it.each([
    [['show'], 'missing <name>'],
    [['show', 'a', 'b'], "unexpected argument 'b'"],
    [['ls', 'a'], "unexpected argument 'a'"],
    [['rm'], 'missing <name>'],
    [['drop', 'a'], "unknown action 'drop' (actions: ls, show, rm)"],
    [['--all'], "Unknown option '--all'"],
  ])('rejects %j with its usage and exit 2, sending nothing', async (args, message) => {
    const before = server.requests.length;
    const { status, err } = await run(args);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: baton ensembles');
    expect(server.requests).toHaveLength(before);
  });
});
