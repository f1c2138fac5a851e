import { CapturedLines } from '../testing/captured-lines';
import { createLogger } from './create-logger';
import { addToLogContext, logContextFields, withLogContext } from './log-context';
import { runLogger } from './run-logger';

describe('the log context', () => {
  it('puts the run and trace of the call in progress on every line, nested calls seeing their own', async () => {
    const output = new CapturedLines();
    const logger = createLogger({ service: 'worker', destination: output });
    await Promise.all([
      withLogContext({ traceId: 'a'.repeat(32) }, async () => {
        addToLogContext({ runId: 'run-a' });
        await new Promise((resolve) => setTimeout(resolve, 5));
        logger.info('a');
      }),
      withLogContext({ runId: 'run-b' }, async () => logger.info('b')),
    ]);
    expect(output.records.map(({ msg, runId, traceId }) => ({ msg, runId, traceId }))).toEqual([
      { msg: 'b', runId: 'run-b', traceId: undefined },
      { msg: 'a', runId: 'run-a', traceId: 'a'.repeat(32) },
    ]);
  });

  it('adds nothing outside a context', () => {
    addToLogContext({ runId: 'lost' });
    expect(logContextFields()).toEqual({});
  });

  it('writes a field once when a child logger binds it too', () => {
    const output = new CapturedLines();
    const logger = runLogger(createLogger({ service: 'worker', destination: output }), { runId: 'run-c' });
    withLogContext({ runId: 'run-c' }, () => logger.info('once'));
    expect(output.lines[0].match(/"runId"/g)).toHaveLength(1);
  });
});
