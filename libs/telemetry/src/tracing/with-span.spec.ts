import { traceparentOf } from './trace-propagation';
import { withSpan } from './with-span';

// Tracing is not started in this file: the helpers must still work and forward what they are given.
const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('withSpan while tracing is off', () => {
  it("returns the function's result", async () => {
    await expect(withSpan('compute', { n: 2 }, () => 21 * 2)).resolves.toBe(42);
  });

  it('rethrows what the function throws', async () => {
    await expect(withSpan('fail', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it("forwards the parent's traceparent, so a run's trace survives a service without an exporter", async () => {
    const forwarded = await withSpan('step', {}, (span) => traceparentOf(span), parent);
    expect(forwarded).toBe(parent);
  });

  it('has no traceparent to forward without a parent', async () => {
    await expect(withSpan('root', {}, (span) => traceparentOf(span))).resolves.toBeUndefined();
  });
});
