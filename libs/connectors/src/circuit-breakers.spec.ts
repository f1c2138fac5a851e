import { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from './circuit-breakers';
import { failed, succeeded, type FailedOutcome } from './outcome';

const unhealthy = failed('http-503', 'down', { retryable: true, status: 503 });
const clientError = failed('http-400', 'bad request', { retryable: false, status: 400 });
const countsServerErrors = (outcome: FailedOutcome) => (outcome.error.status ?? 0) >= 500;
const VOLUME = DEFAULT_BREAKER_OPTIONS.volumeThreshold;
const T = Date.parse('2026-12-07T10:00:00.000Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('opens after the volume threshold of unhealthy outcomes and defers an attempt to its probe without running it', async () => {
    breakers = new BreakerRegistry({}, { now: () => T });
    for (let i = 0; i < VOLUME; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    const attempt = jest.fn(async () => succeeded(1));
    expect(await breakers.run('a', attempt, countsServerErrors)).toEqual({
      ok: false,
      error: {
        code: 'circuit-open',
        message:
          "circuit 'a' is open after repeated failures; this attempt did not count and waits for its next probe",
      },
      retryable: true,
      deferredUntil: new Date(T + DEFAULT_BREAKER_OPTIONS.resetTimeoutMs).toISOString(),
    });
    expect(attempt).not.toHaveBeenCalled();
  });

  it('takes the threshold, volume and reset time-out of the connection when given', async () => {
    breakers = new BreakerRegistry({}, { now: () => T });
    const options = { volumeThreshold: 2, errorThresholdPercentage: 40, resetTimeoutMs: 3_000 };
    await breakers.run('c', async () => unhealthy, countsServerErrors, options);
    expect(breakers.state('c')).toBe('closed');
    await breakers.run('c', async () => unhealthy, countsServerErrors, options);
    expect(breakers.state('c')).toBe('open');
    expect(await breakers.run('c', async () => succeeded(1), countsServerErrors, options)).toMatchObject({
      deferredUntil: new Date(T + 3_000).toISOString(),
    });
  });

  it('makes the breaker again when a later revision changes its options', async () => {
    breakers = new BreakerRegistry();
    const strict = { volumeThreshold: 1 };
    await breakers.run('c', async () => unhealthy, countsServerErrors, strict);
    expect(breakers.state('c')).toBe('open');
    expect(
      await breakers.run('c', async () => succeeded('ok'), countsServerErrors, { volumeThreshold: 3 }),
    ).toEqual({ ok: true, output: 'ok' });
  });

  it('half-open, lets exactly one attempt through; the others wait for the probe to end', async () => {
    breakers = new BreakerRegistry({ resetTimeoutMs: 20 });
    for (let i = 0; i < VOLUME; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    await sleep(40);
    expect(breakers.state('a')).toBe('half-open');
    let through = 0;
    let release: () => void = () => undefined;
    const probe = async () => {
      through += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return succeeded('back');
    };
    const before = Date.now();
    const outcomes = [
      breakers.run('a', probe, countsServerErrors),
      breakers.run('a', probe, countsServerErrors),
      breakers.run('a', probe, countsServerErrors),
    ];
    const refused = await Promise.all(outcomes.slice(1));
    expect(through).toBe(1);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ ok: false, error: { code: 'circuit-open' }, retryable: true });
      const until = Date.parse((outcome as { deferredUntil: string }).deferredUntil);
      expect(until).toBeGreaterThan(before);
    }
    release();
    expect(await outcomes[0]).toEqual({ ok: true, output: 'back' });
    expect(breakers.state('a')).toBe('closed');
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
    for (let i = 0; i < VOLUME; i += 1)
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
    for (let i = 0; i < VOLUME; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    expect(breakers.state('a')).toBe('open');
    expect(await breakers.run('b', async () => succeeded(2), countsServerErrors)).toEqual({
      ok: true,
      output: 2,
    });
  });

  it('lets a trial attempt through after the reset timeout and closes when it succeeds', async () => {
    breakers = new BreakerRegistry({ resetTimeoutMs: 20 });
    for (let i = 0; i < VOLUME; i += 1) await breakers.run('a', async () => unhealthy, countsServerErrors);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(breakers.state('a')).toBe('half-open');
    expect(await breakers.run('a', async () => succeeded('back'), countsServerErrors)).toEqual({
      ok: true,
      output: 'back',
    });
    expect(breakers.state('a')).toBe('closed');
  });
});
