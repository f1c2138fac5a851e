/**
 * What every `baton` verb implements. A verb is a function of its arguments and of the streams and
 * environment it is given, so specs call it directly and `main.ts` is the only place that touches
 * the real process.
 */

/** Where a verb writes: `process.stdout` and `process.stderr` fit, and so does a string buffer. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CommandIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Directory relative paths are resolved against and printed relative to. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ctrl-C and SIGTERM, for verbs that run until stopped (`start`); absent where nothing can interrupt. */
  readonly interrupts?: Interrupts;
}

/** A source of stop requests: `main.ts` wires SIGINT and SIGTERM, specs fire their own. */
export interface Interrupts {
  /** Calls `listener` with the signal's name on each request, until the returned function is called. */
  subscribe(listener: (signal: string) => void): () => void;
}

/** Exit statuses shared by every verb. */
export const EXIT = {
  ok: 0,
  /** The verb ran and found a problem: invalid ensembles, a failed run, an unreachable service. */
  failed: 1,
  /** The command line itself is wrong: unknown verb or option, missing argument. */
  usage: 2,
  /** A bug in baton itself (an unexpected exception); sysexits' EX_SOFTWARE. */
  internal: 70,
} as const;

export interface Command {
  /** The first word on the command line (`runs` also handles `runs show`). */
  readonly name: string;
  /** One line per form, without the leading `baton `. */
  readonly synopses: readonly string[];
  /** One line for the command list of `baton help`. */
  readonly summary: string;
  /** Details shown by `baton help <name>` and `baton <name> --help`: options, exit statuses. */
  readonly details?: string;
  /** false for verbs the interface promises that this build does not have yet. */
  readonly available: boolean;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}
