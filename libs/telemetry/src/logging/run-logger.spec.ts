import { CapturedLines } from '../testing/captured-lines';
import { createLogger } from './create-logger';
import { runLogger } from './run-logger';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('runLogger', () => {
  it("carries the run id and the trace id of the run's traceparent on every line", () => {
    const output = new CapturedLines();
    const logger = runLogger(createLogger({ service: 'orchestrator', destination: output }), {
      runId: 'run_01',
      traceparent,
    });
    logger.info('agent scheduled');
    logger.warn('agent retried');
    for (const record of output.records) {
      expect(record).toMatchObject({ runId: 'run_01', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    }
  });

  it('leaves the trace id out when the run has no valid traceparent and no span is active', () => {
    const output = new CapturedLines();
    runLogger(createLogger({ service: 'worker', destination: output }), {
      runId: 'run_02',
      traceparent: 'garbage',
    }).info('x');
    expect(output.records[0]).toMatchObject({ runId: 'run_02' });
    expect(output.records[0]).not.toHaveProperty('traceId');
  });
});
