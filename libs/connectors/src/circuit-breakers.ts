/**
 * One opossum circuit breaker per remote (an http connection or host, a postgres connection), so a
 * remote that keeps failing is left alone for a while instead of being hammered by every retry.
 *
 * Only failures that say the remote is unhealthy count against a breaker (5xx, connection errors,
 * time-outs); a 4xx or a SQL constraint violation is the caller's problem and says nothing about the
 * remote's health. An open breaker refuses the attempt before it reaches the remote: the outcome is
 * `circuit-open` with `deferredUntil`, the breaker's next half-open probe, and the engine sends the
 * same attempt again then without counting it (AgentDeferred). So a breaker protects the remote
 * without spending any run's attempts; a run fails only when its own attempts really failed.
 *
 * Half-open, a breaker lets exactly one attempt through (opossum's probe); attempts refused while
 * that probe is in flight are deferred by `probeWaitMs`, by when it has closed or opened again.
 *
 * Options come per connection (`connections.<name>.breaker: { threshold, volume, resetTimeout }`);
 * a connection's breaker is created with the options of the first attempt that uses it, and made
 * again when a later revision changes them.
 */
import CircuitBreaker from 'opossum';
import { failed, type FailedOutcome, type TaskOutcome } from './outcome';

export interface BreakerOptions {
  /** Failure percentage over the rolling window above which the breaker opens. */
  readonly errorThresholdPercentage: number;
  /** How long an open breaker fails fast before letting one trial attempt through. */
  readonly resetTimeoutMs: number;
  /** Attempts in the window before the breaker may open at all. */
  readonly volumeThreshold: number;
  /** Length of the rolling statistics window. */
  readonly rollingWindowMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 10_000,
  volumeThreshold: 10,
  rollingWindowMs: 10_000,
};

/** The longest an attempt refused during a half-open probe waits before it is sent again. */
export const MAX_PROBE_WAIT_MS = 1_000;

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Told of every state change of every breaker (metrics, a log line): the breaker's key holds no secret. */
export type BreakerListener = (key: string, state: BreakerState) => void;

type Attempt = () => Promise<TaskOutcome>;
type CountsAsFailure = (outcome: FailedOutcome) => boolean;

/** Carries an unhealthy outcome through opossum so that it counts; unwrapped before returning. */
class UnhealthyRemote extends Error {
  constructor(readonly outcome: FailedOutcome) {
    super(outcome.error.message);
  }
}

async function attemptThroughBreaker(
  attempt: Attempt,
  countsAsFailure: CountsAsFailure,
): Promise<TaskOutcome> {
  const outcome = await attempt();
  if (!outcome.ok && countsAsFailure(outcome)) throw new UnhealthyRemote(outcome);
  return outcome;
}

type Breaker = CircuitBreaker<[Attempt, CountsAsFailure], TaskOutcome>;

interface KnownBreaker {
  readonly breaker: Breaker;
  readonly options: BreakerOptions;
  /** When it last opened (ms since the epoch): its half-open probe is due `resetTimeoutMs` later. */
  openedAt?: number;
}

export class BreakerRegistry {
  private readonly options: BreakerOptions;
  private readonly breakers = new Map<string, KnownBreaker>();
  private readonly listeners: BreakerListener[] = [];
  private readonly now: () => number;

  constructor(options: Partial<BreakerOptions> = {}, clock: { now: () => number } = Date) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
    this.now = () => clock.now();
  }

  /**
   * Runs `attempt` behind the breaker named `key` (created on first use, with `options` over the
   * registry's defaults). `countsAsFailure` says which failed outcomes mean the remote is unhealthy;
   * the outcome itself is returned unchanged. An attempt the breaker refuses is `circuit-open` with
   * `deferredUntil`: it never ran.
   */
  async run(
    key: string,
    attempt: Attempt,
    countsAsFailure: CountsAsFailure,
    options: Partial<BreakerOptions> = {},
  ): Promise<TaskOutcome> {
    const known = this.breaker(key, { ...this.options, ...definedOnly(options) });
    try {
      return await known.breaker.fire(attempt, countsAsFailure);
    } catch (error) {
      if (error instanceof UnhealthyRemote) return error.outcome;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') return this.refused(key, known);
      throw error;
    }
  }

  /** When the next attempt may pass: the half-open probe of an open breaker, or shortly after the one in flight. */
  private refused(key: string, known: KnownBreaker): TaskOutcome {
    const now = this.now();
    const { resetTimeoutMs } = known.options;
    const probeWaitMs = Math.min(MAX_PROBE_WAIT_MS, resetTimeoutMs);
    const probeAt =
      known.breaker.opened && known.openedAt !== undefined
        ? known.openedAt + resetTimeoutMs
        : now + probeWaitMs;
    const until = Math.max(probeAt, now + Math.min(probeWaitMs, 100));
    const outcome = failed(
      'circuit-open',
      `circuit '${key}' is open after repeated failures; this attempt did not count and waits for its next probe`,
      { retryable: true },
    );
    return { ...outcome, deferredUntil: new Date(until).toISOString() };
  }

  /** The state of the breaker named `key`, or undefined when it was never used. */
  state(key: string): BreakerState | undefined {
    const breaker = this.breakers.get(key)?.breaker;
    if (!breaker) return undefined;
    if (breaker.opened) return 'open';
    return breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Calls `listener` on each state change of any breaker, from now on. */
  onStateChange(listener: BreakerListener): void {
    this.listeners.push(listener);
  }

  /** Stops every breaker's timers; the registry must not be used afterwards. */
  shutdown(): void {
    for (const { breaker } of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breaker(key: string, options: BreakerOptions): KnownBreaker {
    const existing = this.breakers.get(key);
    if (existing !== undefined && sameOptions(existing.options, options)) return existing;
    existing?.breaker.shutdown();
    const breaker: Breaker = new CircuitBreaker(attemptThroughBreaker, {
      name: key,
      // Time-outs are the task's own (see execute-task.ts): opossum's timer would race them.
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      resetTimeout: options.resetTimeoutMs,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      // Anything thrown that is not an unhealthy outcome (a bug, a bad config) is not the remote's fault.
      errorFilter: (error: unknown) => !(error instanceof UnhealthyRemote),
    });
    const known: KnownBreaker = { breaker, options };
    const changed = (state: BreakerState) => () => {
      if (state === 'open') known.openedAt = this.now();
      this.listeners.forEach((listener) => listener(key, state));
    };
    breaker.on('open', changed('open'));
    breaker.on('halfOpen', changed('half-open'));
    breaker.on('close', changed('closed'));
    this.breakers.set(key, known);
    return known;
  }
}

function sameOptions(a: BreakerOptions, b: BreakerOptions): boolean {
  return (
    a.errorThresholdPercentage === b.errorThresholdPercentage &&
    a.resetTimeoutMs === b.resetTimeoutMs &&
    a.volumeThreshold === b.volumeThreshold &&
    a.rollingWindowMs === b.rollingWindowMs
  );
}

function definedOnly(options: Partial<BreakerOptions>): Partial<BreakerOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
