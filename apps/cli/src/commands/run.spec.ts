import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer, type Reply } from '../testing/recording-server';
import { runCommand } from './run';

let server: RecordingServer;
let reply: Reply;

beforeAll(async () => {
  server = await startRecordingServer(() => reply);
});
afterAll(() => server.close());

async function run(args: string[]) {
  const io = capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } });
  const status = await runCommand.run(args, io);
  return { status, out: io.out(), err: io.err(), request: server.requests.at(-1) };
}

const completed = {
  id: 'r-1',
  ensemble: 'ticket-intake',
  revision: 2,
  status: 'completed',
  input: {},
  output: { ticketId: 7 },
  error: null,
  agents: {},
  startedAt: '2025-01-15T09:30:00.000Z',
  finishedAt: '2025-01-15T09:30:01.000Z',
  traceId: null,
};

describe('baton run', () => {
  it('posts {} to the ensemble’s runs and prints the run id alone', async () => {
    reply = { status: 202, body: { runId: 'r-1' } };
    const { status, out, request } = await run(['ticket-intake']);
    expect(status).toBe(0);
    expect(out).toBe('r-1\n');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/ensembles/ticket-intake/runs');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({});
  });

  it('sends the input of --input @file, read relative to the working directory', async () => {
    reply = { status: 202, body: { runId: 'r-1' } };
    const { request } = await run(['ticket-intake', '--input', '@__fixtures__/ticket.json']);
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      ticket: { subject: 'Printer on fire', customerEmail: 'a@example.com' },
    });
  });

  it('waits with a bare --wait, prints the status and output, and exits 0 when completed', async () => {
    reply = { status: 200, body: completed };
    const { status, out, request } = await run(['ticket-intake', '--wait']);
    expect(request?.url).toMatch(/^\/api\/ensembles\/ticket-intake\/runs\?wait=\d+ms$/);
    expect(status).toBe(0);
    expect(out).toMatch(/^status +completed in 1\.0s$/m);
    expect(out).toMatch(/^output +\{"ticketId":7\}$/m);
  });

  it('takes --wait=<duration> and exits 1 when the run failed', async () => {
    reply = {
      status: 200,
      body: { ...completed, status: 'failed', output: null, error: { code: 'x', message: 'boom' } },
    };
    const { status, out, request } = await run(['ticket-intake', '--wait=2m']);
    expect(request?.method).toBe('POST');
    expect(status).toBe(1);
    expect(out).toMatch(/^error +boom \(x\)$/m);
  });

  it('exits 1 and says how to follow the run when it has not ended within the wait', async () => {
    reply = { status: 202, body: { runId: 'r-9' } };
    const { status, out, err } = await run(['ticket-intake', '--wait=1s']);
    expect(status).toBe(1);
    expect(out).toBe('r-9\n');
    expect(err).toContain('baton runs show r-9');
  });

  it('prints the API error and exits 1 when ingress refuses', async () => {
    reply = { status: 404, body: { error: { code: 'not_found', message: "no ensemble named 'nope'" } } };
    const { status, err } = await run(['nope']);
    expect(status).toBe(1);
    expect(err).toBe("baton run: 404 not_found: no ensemble named 'nope'\n");
  });

  it.each([
    [[], 'missing <ensemble>'],
    [['a', 'b'], "unexpected argument 'b'"],
    [['a', '--wait=soon'], "--wait must be a duration such as 30s or 2m (got 'soon')"],
    [['a', '--input', '{nope'], '--input: the value is not valid JSON'],
    [['a', '--input', '@missing.json'], '--input: cannot read missing.json: no such file'],
    [['a', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('rejects %j with its usage and exit 2, sending nothing', async (args, message) => {
    const before = server.requests.length;
    const { status, err } = await run(args);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: baton run <ensemble>');
    expect(server.requests).toHaveLength(before);
  });
});
