import { TraceFlags } from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent, traceIdOf } from './traceparent';
import { extractTraceContext, injectTraceparent, traceparentOf } from './trace-propagation';

const sampled = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('round-trips through a plain headers record: extract, then inject, gives the same traceparent', () => {
    const carried = injectTraceparent({}, extractTraceContext({ traceparent: sampled }));
    expect(carried).toEqual({ traceparent: sampled });
  });

  it('keeps the unsampled flag through the round trip', () => {
    const unsampled = sampled.replace(/-01$/, '-00');
    expect(traceparentOf(extractTraceContext({ traceparent: unsampled }))).toBe(unsampled);
  });

  it('parses the trace id, span id and flags of a traceparent as a remote span context', () => {
    expect(parseTraceparent(sampled)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const spanContext = parseTraceparent(sampled);
    expect(spanContext && formatTraceparent(spanContext)).toBe(sampled);
  });

  it.each([
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra fields on version 00', `${sampled}-extra`],
    ['upper-case hex', sampled.toUpperCase()],
    ['a short trace id', '00-4bf92f3577b34da6-00f067aa0ba902b7-01'],
    ['garbage', 'not a traceparent'],
  ])('rejects %s', (_case, text) => {
    expect(parseTraceparent(text)).toBeUndefined();
  });

  it('accepts a later version with extra fields, as the W3C rules ask', () => {
    expect(traceIdOf(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future`)).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('injects nothing when the headers carried no valid traceparent', () => {
    expect(injectTraceparent({}, extractTraceContext({}))).toEqual({});
    expect(injectTraceparent({}, extractTraceContext({ traceparent: 'junk' }))).toEqual({});
  });

  it('reads the first value of a repeated traceparent header', () => {
    expect(traceparentOf(extractTraceContext({ traceparent: [sampled, 'junk'] }))).toBe(sampled);
  });
});
