import path from 'node:path';
import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server';
import { yamlFixture } from '../testing/yaml-fixture';
import { runsCommand } from './runs';

const runFixture = yamlFixture<{ run: unknown; events: unknown[] }>(`${__dirname}/../runs`, 'order-run.yaml');
const page = yamlFixture<unknown>(`${__dirname}/../runs`, 'run-page.yaml');
let server: RecordingServer;
const deliveries = [
  {
    deliveryId: '0b9f2c1e-5d1a-5b7e-9c3d-2f4a6b8c0d1e',
    event: 'execution.completed',
    channel: 'webhook',
    target: 'https://hooks.example.com/baton',
    attempt: 1,
    status: 'retrying',
    responseCode: 503,
    error: 'answered 503 Service Unavailable',
    createdAt: '2026-12-01T10:00:03.100Z',
    nextAttemptAt: '2026-12-01T10:00:04.100Z',
  },
  {
    deliveryId: '0b9f2c1e-5d1a-5b7e-9c3d-2f4a6b8c0d1e',
    event: 'execution.completed',
    channel: 'webhook',
    target: 'https://hooks.example.com/baton',
    attempt: 2,
    status: 'delivered',
    responseCode: 200,
    error: null,
    createdAt: '2026-12-01T10:00:04.200Z',
    nextAttemptAt: null,
  },
];

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (request.url.startsWith('/api/runs?') || request.url === '/api/runs')
      return { status: 200, body: page };
    if (request.url === '/api/runs/run-1') return { status: 200, body: runFixture.run };
    if (request.url === '/api/runs/run-1/events') return { status: 200, body: { events: runFixture.events } };
    if (request.url === '/api/runs/run-1/cancel')
      return { status: 202, body: { runId: 'run-1', status: 'cancelling' } };
    if (request.url === '/api/runs/done-1/cancel') {
      return {
        status: 409,
        body: { error: { code: 'conflict', message: 'run done-1 has already ended (completed)' } },
      };
    }
    if (request.url === '/api/runs/run-1/rerun')
      return { status: 202, body: { runId: 'run-2', rerunOf: 'run-1' } };
    if (request.url === '/api/runs/run-1/deliveries') return { status: 200, body: { deliveries } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no run nope' } } };
  });
});
afterAll(() => server.close());

async function runs(args: string[]) {
  const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
  const status = await runsCommand.run(args, io);
  return { status, out: io.out(), err: io.err(), request: server.requests.at(-1) };
}

describe('baton runs', () => {
  it('lists the runs as a table and passes the filters on as query parameters', async () => {
    const { status, out, request } = await runs([
      '--ensemble',
      'process-order',
      '--status',
      'completed',
      '--limit',
      '5',
    ]);
    expect(status).toBe(0);
    expect(request?.url).toBe('/api/runs?ensemble=process-order&status=completed&limit=5');
    expect(out.split('\n')[0]).toMatch(/^ID +ENSEMBLE +STATUS +STARTED +DURATION$/);
    expect(out).toMatch(/^run-1 +process-order +completed /m);
  });

  it('prints the API’s answer with --json', async () => {
    const { out } = await runs(['--json']);
    expect(JSON.parse(out)).toEqual(page);
  });

  it('shows one run: its header, then its timeline', async () => {
    const { status, out } = await runs(['show', 'run-1']);
    expect(status).toBe(0);
    const [header, timeline] = out.split('\n\n');
    expect(header).toMatch(/^ensemble +process-order \(revision 3\)$/m);
    expect(timeline.split('\n')[0]).toMatch(/^TIME +EVENT +AGENT +ATTEMPT +DETAIL$/);
    expect(timeline).toContain('AgentRetryScheduled');
  });

  it('shows the notifications of the run after its timeline, one row per delivery attempt', async () => {
    const { out } = await runs(['show', 'run-1']);
    const section = out.slice(out.indexOf('Notifications:'));
    const lines = section.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^ {2}TIME +DELIVERY +EVENT +TO +ATTEMPT +STATUS +ANSWER$/);
    expect(lines[2]).toMatch(
      /^ {2}2026-12-01T10:00:03Z +0b9f2c1e +execution\.completed +webhook https:\/\/hooks\.example\.com\/baton +1 +retrying +HTTP 503 · answered 503 Service Unavailable · next at 2026-12-01T10:00:04Z$/,
    );
    expect(lines[3]).toMatch(/ 2 +delivered +HTTP 200$/);
  });

  it('prints { run, events } for runs show --json', async () => {
    const { out } = await runs(['show', 'run-1', '--json']);
    expect(JSON.parse(out)).toEqual({ run: runFixture.run, events: runFixture.events, deliveries });
  });

  it('exits 1 with the API error for an unknown run', async () => {
    const { status, err } = await runs(['show', 'nope']);
    expect(status).toBe(1);
    expect(err).toBe('baton runs: 404 not_found: no run nope\n');
  });

  it('cancel asks the run to stop and says how to follow it, as a line that runs when pasted', async () => {
    const { status, out, request } = await runs(['cancel', 'run-1']);
    expect(status).toBe(0);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/runs/run-1/cancel');
    // this checkout's dev script, as reached from the spec's directory (no baton on the spec's PATH)
    const dev = path.resolve(__dirname, '../../../../dev');
    expect(out).toBe(`cancelling run run-1 (follow it with: ${dev} baton runs show run-1)\n`);
  });

  it('cancel of a run that has ended exits 1 with the conflict', async () => {
    const { status, err } = await runs(['cancel', 'done-1']);
    expect(status).toBe(1);
    expect(err).toBe('baton runs: 409 conflict: run done-1 has already ended (completed)\n');
  });

  it('rerun prints the new run’s id alone', async () => {
    const { status, out, request } = await runs(['rerun', 'run-1']);
    expect(status).toBe(0);
    expect(request?.url).toBe('/api/runs/run-1/rerun');
    expect(out).toBe('run-2\n');
  });

  it.each([
    [['cancel'], 'missing <id>'],
    [['rerun', 'a', '--json'], '--json applies to the list and to runs show'],
    [['cancel', 'a', '--ensemble', 'x'], '--ensemble lists runs; it does not apply to runs cancel'],
    [['show'], 'missing <id>'],
    [['show', 'a', 'b'], "unexpected argument 'b'"],
    [['show', 'a', '--status', 'failed'], '--status lists runs; it does not apply to runs show'],
    [['list'], "unexpected argument 'list'"],
    [['--limit', '0'], "--limit must be a positive whole number (got '0')"],
  ])('rejects %j with its usage and exit 2', async (args, message) => {
    const { status, err } = await runs(args);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: baton runs');
  });
});
