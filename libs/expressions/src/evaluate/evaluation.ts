/**
 * The state of one evaluation: its scope, its budget and what it reports. A fresh Evaluation is
 * made per `evaluate` call (a template or a deep value shares one across its placeholders), so
 * nothing survives from one evaluation to the next.
 */
import { ExpressionError } from '../expression-error';
import type { EvaluateOptions, EvaluationLimits, Scope, SecretRecorder } from '../types';
import { Taint } from './taint';

export const DEFAULT_LIMITS: EvaluationLimits = Object.freeze({
  maxSteps: 100_000,
  maxStringLength: 1_000_000,
  maxArrayLength: 100_000,
  maxDepth: 100,
});

/**
 * How many characters of string work cost one step. Native string operations are fast but linear,
 * so they are charged by length: a loop of 1 MB operations exhausts the budget quickly.
 */
export const CHARACTERS_PER_STEP = 1024;

export class Evaluation {
  steps = 0;
  depth = 0;
  readonly maxSteps: number;
  readonly maxStringLength: number;
  readonly maxArrayLength: number;
  readonly maxDepth: number;
  readonly secrets: SecretRecorder | undefined;
  /** What this evaluation computed from `env`; null until it reads a secret (taint.ts). */
  taint: Taint | null = null;
  private readonly now: number | undefined;

  constructor(
    readonly scope: Scope,
    options?: EvaluateOptions,
  ) {
    const limits = options?.limits;
    this.maxSteps = limits?.maxSteps ?? DEFAULT_LIMITS.maxSteps;
    this.maxStringLength = limits?.maxStringLength ?? DEFAULT_LIMITS.maxStringLength;
    this.maxArrayLength = limits?.maxArrayLength ?? DEFAULT_LIMITS.maxArrayLength;
    this.maxDepth = limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.secrets = options?.secrets;
    this.now = options?.now;
  }

  /** A string read from `env`: recorded as a secret, and the source of the taint of what is computed from it. */
  readSecret(value: string): void {
    const secrets = this.secrets;
    if (secrets === undefined) return;
    secrets.record(value);
    (this.taint ??= new Taint(secrets)).source(value);
  }

  /** Spends `steps` of the budget. */
  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > this.maxSteps)
      throw new ExpressionError('limit', `evaluation took more than ${this.maxSteps} steps`);
  }

  /** Spends the budget for work over `length` characters. */
  chargeText(length: number): void {
    this.charge(1 + Math.floor(length / CHARACTERS_PER_STEP));
  }

  /** Refuses a string of `length` characters before it is built. */
  checkString(length: number): void {
    if (length > this.maxStringLength) {
      throw new ExpressionError('limit', `a string would exceed ${this.maxStringLength} characters`);
    }
  }

  /** Refuses an array of `length` elements before it is built. */
  checkArray(length: number): void {
    if (length > this.maxArrayLength)
      throw new ExpressionError('limit', `an array would exceed ${this.maxArrayLength} elements`);
  }

  /** Enters a function call or a level of a data walk. */
  enter(): void {
    if (++this.depth > this.maxDepth)
      throw new ExpressionError('limit', `nesting exceeded ${this.maxDepth} levels`);
  }

  leave(): void {
    this.depth--;
  }

  /**
   * `Date.now()` and `new Date()`: the time the caller passed in. This library reads no clock (the
   * engine passes the command's time, the worker its own clock's), so an evaluation without `now`
   * cannot tell the time.
   */
  currentTime(): number {
    if (this.now === undefined)
      throw new ExpressionError('evaluation', 'the current time is not available here (no `now` was given)');
    return this.now;
  }
}
