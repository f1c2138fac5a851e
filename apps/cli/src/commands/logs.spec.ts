import type { Interrupts } from '../command';
import { capturedIo } from '../testing/captured-io';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server';
import { yamlFixture } from '../testing/yaml-fixture';
import { logsCommand } from './logs';

interface Event {
  type: string;
  seq: number;
  at: string;
  runId?: string;
  data: Record<string, unknown>;
}
const order = yamlFixture<{ events: Event[] }>(`${__dirname}/../runs`, 'order-run.yaml');
const RUN_1 = order.events.map((event) => ({ ...event, runId: 'run-1' }));
const listed = (id: string, ensemble: string, createdAt: string, status: string) => ({
  id,
  ensemble,
  revision: 1,
  status,
  trigger: 'api',
  parentRunId: null,
  error: null,
  createdAt,
  startedAt: createdAt,
  finishedAt: null,
  traceId: null,
});
const greetingEvent = (seq: number, type: string, at: string, data: Record<string, unknown> = {}) => ({
  type,
  seq,
  at,
  runId: 'run-2',
  version: 1,
  causationId: 'c',
  data,
});

/** What ingress holds; specs add runs and events to it between polls. */
let runs: ReturnType<typeof listed>[];
let events: Record<string, Event[]>;
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname === '/api/runs') return { status: 200, body: { runs, nextCursor: null } };
    const id = /^\/api\/runs\/([^/]+)/.exec(url.pathname)?.[1] ?? '';
    if (!events[id]) return { status: 404, body: { error: { code: 'not_found', message: `no run ${id}` } } };
    if (url.pathname.endsWith('/events')) return { status: 200, body: { events: events[id] } };
    return {
      status: 200,
      body: { id, ensemble: runs.find((run) => run.id === id)?.ensemble, status: 'running' },
    };
  });
});
beforeEach(() => {
  server.requests.splice(0);
  runs = [listed('run-1', 'process-order', '2025-01-15T09:30:00.000Z', 'completed')];
  events = { 'run-1': RUN_1 };
});
afterAll(() => server.close());

/** A Ctrl-C the spec presses. */
function interruptible(): Interrupts & { press(): void } {
  let listener: ((signal: string) => void) | undefined;
  return {
    subscribe(next) {
      listener = next;
      return () => (listener = undefined);
    },
    press: () => listener?.('SIGINT'),
  };
}

function logs(args: string[], interrupts?: Interrupts) {
  const io = { ...capturedIo({ cwd: __dirname, env: { BATON_URL: server.url } }), interrupts };
  const status = logsCommand.run(args, io);
  return { status, io };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('baton logs', () => {
  it('prints one run’s events, one readable line each, in order', async () => {
    const { status, io } = logs(['--run', 'run-1']);
    expect(await status).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(RUN_1.length);
    expect(lines[0]).toBe(
      '2025-01-15T09:30:00.000Z  RunRequested         process-order revision 3, webhook /hooks/orders',
    );
    expect(lines).toContain(
      '2025-01-15T09:30:01.200Z  AgentFailed          charge  http-error (HTTP 503): payments answered 503 (will retry)',
    );
    expect(lines).toContain(
      '2025-01-15T09:30:03.900Z  AgentSucceeded       charge (attempt 2)  HTTP 201, output {"id":"ch_1"}',
    );
    expect(lines).toContain(
      '2025-01-15T09:30:00.010Z  AgentScheduled       check-stock#1  item {"sku":"tee"}',
    );
  });

  it('prints the events of the newest runs of every ensemble, in time order, with ensemble and run', async () => {
    runs = [listed('run-2', 'greeting', '2025-01-15T09:30:02.000Z', 'completed'), ...runs];
    events['run-2'] = [
      greetingEvent(1, 'RunRequested', '2025-01-15T09:30:02.000Z', {
        ensemble: 'greeting',
        revision: 1,
        trigger: { type: 'api' },
      }),
      greetingEvent(2, 'RunCompleted', '2025-01-15T09:30:02.500Z', { output: 'hi' }),
    ];
    const { status, io } = logs([]);
    expect(await status).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(RUN_1.length + 2);
    const times = lines.map((line) => line.split(' ')[0]);
    expect(times).toEqual([...times].sort());
    expect(lines).toContain('2025-01-15T09:30:02.500Z  greeting run-2  RunCompleted         output "hi"');
    expect(lines.filter((line) => line.includes(' process-order run-1  '))).toHaveLength(RUN_1.length);
    expect(server.requests.find((request) => request.url.startsWith('/api/runs?'))?.url).toBe(
      '/api/runs?limit=10',
    );
  });

  it('passes --ensemble and --limit to the run list, and prints JSON lines with --json', async () => {
    const { status, io } = logs(['--ensemble', 'process-order', '--limit', '3', '--json']);
    expect(await status).toBe(0);
    expect(server.requests.at(0)?.url).toBe('/api/runs?ensemble=process-order&limit=3');
    const lines = io
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      ensemble: 'process-order',
      type: 'RunRequested',
      runId: 'run-1',
      seq: 1,
    });
  });

  it('-f --run prints new events as they are logged and stops when the run ends', async () => {
    runs = [listed('run-2', 'greeting', '2025-01-15T09:30:02.000Z', 'running')];
    events['run-2'] = [greetingEvent(1, 'RunStarted', '2025-01-15T09:30:02.000Z')];
    const { status, io } = logs(['-f', '--run', 'run-2']);
    await until(() => io.out().includes('RunStarted'));
    events['run-2'] = [
      ...events['run-2'],
      greetingEvent(2, 'RunCompleted', '2025-01-15T09:30:03.000Z', { output: 1 }),
    ];
    expect(await status).toBe(0);
    expect(io.out()).toBe(
      '2025-01-15T09:30:02.000Z  RunStarted\n2025-01-15T09:30:03.000Z  RunCompleted         output 1\n',
    );
  });

  it('-f follows every run, printing the runs that start after it, until Ctrl-C', async () => {
    const interrupts = interruptible();
    const { status, io } = logs(['-f'], interrupts);
    await until(() => io.out().includes('RunCompleted'));
    runs = [listed('run-2', 'greeting', '2025-01-15T09:31:00.000Z', 'running'), ...runs];
    events['run-2'] = [greetingEvent(1, 'RunStarted', '2025-01-15T09:31:00.000Z')];
    await until(() => io.out().includes('greeting run-2'));
    interrupts.press();
    expect(await status).toBe(0);
    expect(io.out().match(/process-order run-1 {2}RunRequested/g)).toHaveLength(1);
    expect(io.out()).toContain('2025-01-15T09:31:00.000Z  greeting run-2  RunStarted');
  });

  it('exits 1 with the API error for an unknown run', async () => {
    const { status, io } = logs(['--run', 'nope']);
    expect(await status).toBe(1);
    expect(io.err()).toBe('baton logs: 404 not_found: no run nope\n');
  });

  it.each([
    [['--run', 'a', '--limit', '2'], '--run follows one run: --ensemble and --limit choose among runs'],
    [['--limit', '0'], "--limit must be a positive whole number (got '0')"],
    [['run-1'], "unexpected argument 'run-1'"],
  ])('rejects %j with its usage and exit 2, sending nothing', async (args, message) => {
    const before = server.requests.length;
    const { status, io } = logs(args);
    expect(await status).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.err()).toContain('Usage: baton logs');
    expect(server.requests).toHaveLength(before);
  });
});
