import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import { logContextFields } from './log-context';
import { redactSecrets, type SecretRedactor } from './secret-redaction';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly service: string;
  /** pino level name (LOG_LEVEL); default `info`. */
  readonly level?: string;
  /** Values registered as secret (e.g. read from `env`): masked wherever they appear. */
  readonly secrets?: SecretRedactor;
  /** Where lines go; default stdout. */
  readonly destination?: DestinationStream;
}

/**
 * A JSON-lines logger: `{ level, time, service, pid, hostname, msg, … }`, plus `runId` and `traceId`
 * on every line written while a run's message is handled (`withLogContext`). Two layers keep secrets out:
 * every argument of every call is redacted before pino formats it (secret-bearing fields and secret
 * values, in the message, objects and errors), and each finished line passes through `secrets` again,
 * which covers child bindings (serialized once, when the child is made) and secrets registered since.
 */
export function createLogger(options: LoggerOptions): Logger {
  const { secrets } = options;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The run and trace of the message being handled (log-context.ts), unless a child logger
      // already binds them: a key written twice would make the line ambiguous.
      mixin: (_merge, _level, logger) => {
        const fields = logContextFields();
        if (fields.runId === undefined && fields.traceId === undefined) return {};
        const bound = logger.bindings();
        return Object.fromEntries(Object.entries(fields).filter(([key]) => !(key in bound)));
      },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactSecrets(bindings, secrets) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => redactSecrets(arg, secrets)) as Parameters<typeof method>);
        },
      },
    },
    redactingDestination(options.destination ?? pino.destination({ fd: 1, sync: true }), secrets),
  );
}

function redactingDestination(
  destination: DestinationStream,
  secrets: SecretRedactor | undefined,
): DestinationStream {
  if (secrets === undefined) return destination;
  return { write: (line: string) => destination.write(String(secrets.redact(line))) };
}
