import { BreakerRegistry } from './circuit-breakers';
import { failed, succeeded, type FailedOutcome } from './outcome';

const unhealthy = failed('http-503', 'down', { retryable: true, status: 503 });
const clientError = failed('http-400', 'bad request', { retryable: false, status: 400 });
const countsServerErrors = (outcome: FailedOutcome) => (outcome.error.status ?? 0) >= 500;

describe('BreakerRegistry', () => {
  let breakers: BreakerRegistry;
  afterEach(() => breakers.shutdown());

  it('returns the outcome of the attempt unchanged while the breaker is closed', async () => {
    breakers = new BreakerRegistry();
    expect(await breakers.run('a', async () => succeeded({ x: 1 }), countsServerErrors)).toEqual({
      ok: true,
      output: { x: 1 },
    });
    expect(await breakers.run('a', async () => unhealthy, countsServerErrors)).toBe(unhealthy);
  });

  it('opens after the volume threshold of unhealthy outcomes and fails fast without running the attempt', async () => {
    breakers = new BreakerRegistry();
    for (let i = 0; i < 5; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    const attempt = jest.fn(async () => succeeded(1));
    expect(await breakers.run('a', attempt, countsServerErrors)).toEqual({
      ok: false,
      error: {
        code: 'circuit-open',
        message: "circuit 'a' is open after repeated failures; failing fast until it recovers",
      },
      retryable: true,
    });
    expect(attempt).not.toHaveBeenCalled();
  });

  it('does not open on failures that do not count, such as client errors', async () => {
    breakers = new BreakerRegistry();
    for (let i = 0; i < 10; i += 1) await breakers.run('a', async () => clientError, countsServerErrors);
    expect(breakers.state('a')).toBe('closed');
  });

  it('tells its listeners of every state change: open, half-open, closed', async () => {
    breakers = new BreakerRegistry({ resetTimeoutMs: 20 });
    const changes: Array<[string, string]> = [];
    breakers.onStateChange((key, state) => changes.push([key, state]));
    for (let i = 0; i < 5; i += 1)
      await breakers.run('http:api.example.com', async () => unhealthy, countsServerErrors);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await breakers.run('http:api.example.com', async () => succeeded('back'), countsServerErrors);
    expect(changes).toEqual([
      ['http:api.example.com', 'open'],
      ['http:api.example.com', 'half-open'],
      ['http:api.example.com', 'closed'],
    ]);
  });

  it('keeps one breaker per key', async () => {
    breakers = new BreakerRegistry();
    for (let i = 0; i < 5; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    expect(breakers.state('a')).toBe('open');
    expect(await breakers.run('b', async () => succeeded(2), countsServerErrors)).toEqual({
      ok: true,
      output: 2,
    });
  });

  it('lets a trial attempt through after the reset timeout and closes when it succeeds', async () => {
    breakers = new BreakerRegistry({ resetTimeoutMs: 20 });
    for (let i = 0; i < 5; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(breakers.state('a')).toBe('half-open');
    expect(await breakers.run('a', async () => succeeded('back'), countsServerErrors)).toEqual({
      ok: true,
      output: 'back',
    });
    expect(breakers.state('a')).toBe('closed');
  });
});
