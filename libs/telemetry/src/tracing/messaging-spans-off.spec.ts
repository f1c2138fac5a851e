import { createLogger } from '../logging/create-logger';
import { CapturedLines } from '../testing/captured-lines';
import { describeHandledMessage, startPublishSpan, withConsumerSpan, withNewTrace } from './messaging-spans';
import { traceparentOf } from './trace-propagation';

// Tracing is not started in this file: a run's trace must still pass through unchanged.
const publisher = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('messaging spans while tracing is off', () => {
  it("forwards the message's own traceparent as it came", () => {
    expect(startPublishSpan('baton.inbox.run-1', publisher).traceparent).toBe(publisher);
    expect(startPublishSpan('baton.inbox.run-1').traceparent).toBeUndefined();
  });

  it("still writes the run id and the publisher's trace id on the handler's log lines", async () => {
    const output = new CapturedLines();
    const logger = createLogger({ service: 'orchestrator', destination: output });
    const message = {
      consumer: 'orchestrator',
      stream: 'BATON_INBOX',
      subject: 'baton.inbox.run-1',
      deliveryCount: 1,
    };
    await withConsumerSpan({ ...message, traceparent: publisher }, async () => {
      describeHandledMessage({ type: 'StartRun', runId: 'run-1' });
      logger.info('deciding');
    });
    logger.info('idle');
    expect(output.records.map(({ runId, traceId }) => ({ runId, traceId }))).toEqual([
      { runId: 'run-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      { runId: undefined, traceId: undefined },
    ]);
  });

  it('starts no trace for a queue-started run', async () => {
    await expect(withNewTrace('start x', {}, () => traceparentOf())).resolves.toBeUndefined();
  });
});
