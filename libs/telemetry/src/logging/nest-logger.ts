import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Nest's levels from least to most verbose, with the pino level each maps to. */
const NEST_TO_PINO: ReadonlyArray<readonly [NestLogLevel, PinoMethod]> = [
  ['fatal', 'fatal'],
  ['error', 'error'],
  ['warn', 'warn'],
  ['log', 'info'],
  ['debug', 'debug'],
  ['verbose', 'trace'],
];

/**
 * NestJS's own logs (bootstrap, routes, exceptions) as JSON lines through the redacting logger:
 * `app.useLogger(new NestLogger(logger))`. Nest passes the context (class name) as the last string
 * argument and, for errors, a stack before it.
 */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest lists the levels to show; pino has one threshold: the most verbose level listed. */
  setLogLevels(levels: NestLogLevel[]): void {
    const enabled = NEST_TO_PINO.filter(([nest]) => levels.includes(nest));
    this.logger.level = enabled.length === 0 ? 'silent' : enabled[enabled.length - 1][1];
  }

  private write(level: PinoMethod, message: unknown, params: unknown[]): void {
    const strings = params.filter((param): param is string => typeof param === 'string');
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? strings.pop() : undefined;
    const stack = level === 'error' || level === 'fatal' ? strings[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
