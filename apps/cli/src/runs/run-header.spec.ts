import { yamlFixture } from '../testing/yaml-fixture';
import { formatRunHeader, type RunDocument } from './run-header';

const { run } = yamlFixture<{ run: RunDocument }>(__dirname, 'order-run.yaml');

function field(text: string, label: string): string | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${label} `))
    ?.slice(label.length)
    .trim();
}

describe('the run header', () => {
  it('labels the run, its ensemble and revision, status with duration, input, output and error', () => {
    const text = formatRunHeader(run);
    expect(field(text, 'run')).toBe('run-1');
    expect(field(text, 'ensemble')).toBe('process-order (revision 3)');
    expect(field(text, 'status')).toBe('completed in 4.2s');
    expect(field(text, 'input')).toBe('{"orderId":"ord-1"}');
    expect(field(text, 'output')).toBe('{"charged":true}');
    expect(field(text, 'error')).toBe('—');
  });

  it("shows the run's trace id, or says tracing was off", () => {
    const traced = { ...run, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } as RunDocument;
    expect(field(formatRunHeader(traced), 'trace')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(field(formatRunHeader({ ...run, traceId: null } as RunDocument), 'trace')).toBe(
      '— (tracing was off)',
    );
  });

  it('leaves the input out when asked (run --wait)', () => {
    expect(field(formatRunHeader(run, { input: false }), 'input')).toBeUndefined();
  });

  it('names the failing agent, the error code and the HTTP status of a failed run', () => {
    const failed = {
      ...run,
      status: 'failed',
      output: null,
      error: { agent: 'charge', code: 'http-error', status: 402, message: 'card declined' },
    } as RunDocument;
    expect(field(formatRunHeader(failed), 'error')).toBe('charge: card declined (http-error, HTTP 402)');
    expect(field(formatRunHeader(failed), 'output')).toBe('—');
  });

  it('continues a long value on the lines below, aligned after the labels', () => {
    const big = { ...run, output: { text: 'y'.repeat(90) } } as RunDocument;
    const lines = formatRunHeader(big).split('\n');
    const at = lines.findIndex((line) => line.startsWith('output'));
    expect(lines[at]).toBe('output    {');
    expect(lines[at + 1]).toBe(`            "text": "${'y'.repeat(90)}"`);
    expect(lines[at + 2]).toBe('          }');
  });

  it('shows a run that has not started or ended without a duration', () => {
    const queued = { ...run, status: 'queued', startedAt: null, finishedAt: null } as RunDocument;
    expect(field(formatRunHeader(queued), 'status')).toBe('queued');
    expect(field(formatRunHeader(queued), 'started')).toBe('not yet');
  });
});
