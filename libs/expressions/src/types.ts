/**
 * The public contract of @baton/expressions. Implementations live beside this file.
 *
 * An expression is the text inside `${…}`. A template is a string that may hold any number of
 * `${…}` (a value that is exactly one `${…}` keeps its type; anything else interpolates to a string;
 * `$${x}` is a literal `$` followed by the value of x).
 */

/** Names an evaluation can see: the run scope plus every agent by its name. */
export type Scope = Readonly<Record<string, unknown>>;

export type ExpressionErrorCode =
  | 'syntax' // the text does not parse
  | 'forbidden' // constructor, __proto__, prototype, assignment, eval, Function, process, require, globalThis…
  | 'unknown-global' // a call of a global that is not on the allow-list
  | 'unknown-method' // a method that is not allowed on that kind of value
  | 'limit' // step, depth or size budget exhausted
  | 'type' // calling a non-function, spreading a non-iterable, …
  | 'evaluation'; // any other failure while evaluating (message says what)

export interface EvaluationLimits {
  /** Interpreter steps (node visits, callback invocations) per evaluation. */
  readonly maxSteps: number;
  /** Longest string an evaluation may produce. */
  readonly maxStringLength: number;
  /** Longest array an evaluation may produce. */
  readonly maxArrayLength: number;
  /** Deepest nesting of calls / arrow functions. */
  readonly maxDepth: number;
}

export interface EvaluateOptions {
  /**
   * Milliseconds since the epoch seen by `Date.now()` and `new Date()`. Without it those fail: the
   * library reads no clock.
   */
  readonly now?: number;
  readonly limits?: Partial<EvaluationLimits>;
  /** Records every value read from `env` so that callers can redact it later. */
  readonly secrets?: SecretRecorder;
}

export interface SecretRecorder {
  /** Called with each string value read from `env` during evaluation. */
  record(value: string): void;
  /**
   * Called with the text of each value computed from one (`env.KEY.slice(1)`, a number parsed from
   * it); `record` is called instead when absent. Values of any length, never empty.
   */
  recordDerived?(value: string): void;
}

/** A compiled `${…}` body. Compiling is done once per distinct source (cached). */
export interface Expression {
  readonly source: string;
  /** Free root identifiers the expression reads (hyphenated agent names included, arrow params excluded). */
  readonly roots: ReadonlySet<string>;
  /**
   * Static member chains read from each free root, e.g. `state.order.id` → ['state','order','id'],
   * `validate-signature.output.valid` → ['validate-signature','output','valid'], `component.x@v1` →
   * ['component','x@v1']; a computed member ends the chain. Used for dependency analysis.
   */
  readonly references: ReadonlyArray<readonly string[]>;
  evaluate(scope: Scope, options?: EvaluateOptions): unknown;
}

/** A string that may contain `${…}` placeholders. */
export interface Template {
  readonly source: string;
  /** false when the text has no placeholder (evaluate returns the text, with `$${` unescaped). */
  readonly dynamic: boolean;
  readonly expressions: readonly Expression[];
  evaluate(scope: Scope, options?: EvaluateOptions): unknown;
}

/** Location of one balanced `${…}` inside a text: `start` at `$`, `end` one past the closing `}`. */
export interface ExpressionSpan {
  readonly start: number;
  readonly end: number;
  /** the body between `${` and `}` */
  readonly source: string;
}
