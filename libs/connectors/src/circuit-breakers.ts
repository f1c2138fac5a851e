/**
 * One opossum circuit breaker per remote (an http connection or host, a postgres connection), so a
 * remote that keeps failing is left alone for a while instead of being hammered by every retry.
 *
 * Only failures that say the remote is unhealthy count against a breaker (5xx, connection errors,
 * time-outs); a 4xx or a SQL constraint violation is the caller's problem and says nothing about the
 * remote's health. An open breaker fails the attempt fast with `circuit-open`, retryable, so the
 * engine retries it on the agent's back-off: no work is lost.
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
  volumeThreshold: 5,
  rollingWindowMs: 10_000,
};

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

export class BreakerRegistry {
  private readonly options: BreakerOptions;
  private readonly breakers = new Map<string, CircuitBreaker<[Attempt, CountsAsFailure], TaskOutcome>>();
  private readonly listeners: BreakerListener[] = [];

  constructor(options: Partial<BreakerOptions> = {}) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
  }

  /**
   * Runs `attempt` behind the breaker named `key` (created on first use). `countsAsFailure` says which
   * failed outcomes mean the remote is unhealthy; the outcome itself is returned unchanged.
   */
  async run(key: string, attempt: Attempt, countsAsFailure: CountsAsFailure): Promise<TaskOutcome> {
    try {
      return await this.breaker(key).fire(attempt, countsAsFailure);
    } catch (error) {
      if (error instanceof UnhealthyRemote) return error.outcome;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        return failed(
          'circuit-open',
          `circuit '${key}' is open after repeated failures; failing fast until it recovers`,
          {
            retryable: true,
          },
        );
      }
      throw error;
    }
  }

  /** The state of the breaker named `key`, or undefined when it was never used. */
  state(key: string): BreakerState | undefined {
    const breaker = this.breakers.get(key);
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
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breaker(key: string): CircuitBreaker<[Attempt, CountsAsFailure], TaskOutcome> {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(attemptThroughBreaker, {
        name: key,
        // Time-outs are the task's own (see execute-task.ts): opossum's timer would race them.
        timeout: false,
        errorThresholdPercentage: this.options.errorThresholdPercentage,
        resetTimeout: this.options.resetTimeoutMs,
        volumeThreshold: this.options.volumeThreshold,
        rollingCountTimeout: this.options.rollingWindowMs,
        // Anything thrown that is not an unhealthy outcome (a bug, a bad config) is not the remote's fault.
        errorFilter: (error: unknown) => !(error instanceof UnhealthyRemote),
      });
      const changed = (state: BreakerState) => () =>
        this.listeners.forEach((listener) => listener(key, state));
      breaker.on('open', changed('open'));
      breaker.on('halfOpen', changed('half-open'));
      breaker.on('close', changed('closed'));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
