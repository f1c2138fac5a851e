import { yamlFixture } from '../testing/yaml-fixture';
import { formatLogLine, type LogLineOptions } from './log-lines';

const lines = yamlFixture<
  Record<
    | 'started'
    | 'nestBoot'
    | 'failed'
    | 'plain'
    | 'runStarted'
    | 'runCompleted'
    | 'runFailed'
    | 'agentFailed'
    | 'agentDeferred'
    | 'breakerOpen',
    string
  >
>(__dirname, 'log-lines.yaml');
const pretty: LogLineOptions = { json: false, nameWidth: 12, verbose: false };
const json: LogLineOptions = { ...pretty, json: true };

describe('the services’ log lines under baton start', () => {
  it('shortens a JSON line to the name, level and message, with its own fields after', () => {
    expect(formatLogLine('worker', lines.started, 'stdout', pretty)).toBe(
      'worker       │ INFO  worker started  healthPort=8083',
    );
  });

  it('names the service a line comes from when one process hosts several (--single-process)', () => {
    expect(formatLogLine('services', lines.started, 'stdout', pretty)).toBe(
      'worker       │ INFO  worker started  healthPort=8083',
    );
    expect(formatLogLine('services', 'not json', 'stderr', pretty)).toBe('services     │ not json');
  });

  it('adds the error’s message and the run id of a failure', () => {
    expect(formatLogLine('worker', lines.failed, 'stdout', pretty)).toBe(
      'worker       │ ERROR attempt failed: connect ECONNREFUSED 127.0.0.1:4010  runId=r-1',
    );
  });

  it('puts the name before a line that is not JSON', () => {
    expect(formatLogLine('ingress', lines.plain, 'stderr', pretty)).toBe(`ingress      │ ${lines.plain}`);
  });

  it('hides NestJS’s start-up chatter unless LOG_LEVEL asks for debug', () => {
    expect(formatLogLine('ingress', lines.nestBoot, 'stdout', pretty)).toBeUndefined();
    expect(formatLogLine('ingress', lines.nestBoot, 'stdout', { ...pretty, verbose: true })).toContain(
      'Mapped {/api/runs, GET} route',
    );
  });

  it('passes JSON lines through unchanged with --json-logs', () => {
    expect(formatLogLine('worker', lines.failed, 'stdout', json)).toBe(lines.failed);
    expect(formatLogLine('ingress', lines.nestBoot, 'stdout', json)).toBe(lines.nestBoot);
  });

  it('wraps any other output into a JSON line naming the service with --json-logs', () => {
    expect(JSON.parse(formatLogLine('ingress', lines.plain, 'stderr', json) ?? '')).toEqual({
      level: 'error',
      service: 'ingress',
      msg: lines.plain,
    });
  });

  it('drops blank lines', () => {
    expect(formatLogLine('worker', '   ', 'stdout', pretty)).toBeUndefined();
  });

  it('reads the lines about runs and breakers as sentences: what happened, then which run', () => {
    const shown = (name: string, line: string) => formatLogLine(name, line, 'stdout', pretty);
    expect([
      shown('orchestrator', lines.runStarted),
      shown('orchestrator', lines.agentFailed),
      shown('worker', lines.breakerOpen),
      shown('orchestrator', lines.agentDeferred),
      shown('orchestrator', lines.runCompleted),
      shown('orchestrator', lines.runFailed),
    ]).toEqual([
      'orchestrator │ run     started    orders  r-2',
      'orchestrator │ agent   failed     orders  r-3  charge attempt 2, will retry: HTTP 503',
      'worker       │ breaker open       http:api.example.com',
      'orchestrator │ agent   deferred   orders  r-4  charge attempt 1, not counted, until 2025-01-15T09:30:13.100Z',
      'orchestrator │ run     completed  orders  r-2 (1.5s)',
      'orchestrator │ run     failed     orders  r-3 (2.0s): HTTP 503',
    ]);
  });

  it('leaves the lines about runs and breakers out with --quiet, in both forms, and keeps the others', () => {
    for (const options of [pretty, json]) {
      const quiet = { ...options, quiet: true };
      for (const line of [lines.runStarted, lines.runCompleted, lines.agentFailed, lines.breakerOpen]) {
        expect(formatLogLine('orchestrator', line, 'stdout', quiet)).toBeUndefined();
      }
      expect(formatLogLine('worker', lines.started, 'stdout', quiet)).toBeDefined();
    }
  });

  it('passes the lines about runs through untouched with --json-logs', () => {
    expect(formatLogLine('orchestrator', lines.runStarted, 'stdout', json)).toBe(lines.runStarted);
  });
});
