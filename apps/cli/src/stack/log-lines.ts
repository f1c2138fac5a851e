import { compactJson } from '../formatting/json-text';
import { activityText, isActivity } from './run-activity-lines';

/**
 * How `start` shows its children's output. Services log JSON lines (pino); by default each becomes
 * a short line, `worker       INFO  task done runId=…`, behind the service's name. With
 * `--json-logs` the JSON lines pass through untouched (they carry `service`), and anything else a
 * child prints is wrapped into a JSON line of the same shape, so the output stays one JSON document
 * per line. Lines about runs (started, ended, a failed attempt, a circuit breaker changing) read as
 * sentences (run-activity-lines.ts); `quiet` leaves them out.
 */
export interface LogLineOptions {
  readonly json: boolean;
  /** Width of the name column: the longest service name. */
  readonly nameWidth: number;
  /** Show NestJS's start-up chatter (module and route lists): at LOG_LEVEL debug or trace. */
  readonly verbose: boolean;
  /** Leave out the lines about runs and circuit breakers (`start --quiet`). */
  readonly quiet?: boolean;
}

/** Fields every line has, or that the short form already shows. */
const SHOWN_OR_NOISE = new Set([
  'level',
  'time',
  'service',
  'pid',
  'hostname',
  'msg',
  'context',
  'err',
  'error',
  // Every line of a run has it; `runs show` gives the run's trace id once, for Jaeger.
  'traceId',
]);
/** Contexts of NestJS's own start-up lines: one per module and route, useless when all is well. */
const NEST_BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestMicroservice',
  'NestApplication',
]);
const EXTRA_WIDTH = 60;

/** The line to print for one line of a child's output, or undefined to leave it out. */
export function formatLogLine(
  service: string,
  line: string,
  stream: 'stdout' | 'stderr',
  options: LogLineOptions,
): string | undefined {
  if (line.trim() === '') return undefined;
  const entry = parsedEntry(line);
  if (entry && isActivity(entry.activity) && options.quiet) return undefined;
  if (options.json) {
    return entry
      ? line
      : JSON.stringify({ level: stream === 'stderr' ? 'error' : 'info', service, msg: line });
  }
  // One process may host several services (`--single-process`): each line names its own.
  const name = (typeof entry?.service === 'string' ? entry.service : service).padEnd(options.nameWidth);
  if (!entry) return `${name} │ ${line}`;
  if (isActivity(entry.activity)) return `${name} │ ${activityText(entry.activity, entry)}`;
  if (!options.verbose && typeof entry.context === 'string' && NEST_BOOT_CONTEXTS.has(entry.context))
    return undefined;
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(5);
  return `${name} │ ${level} ${String(entry.msg ?? '')}${errorPart(entry)}${extrasPart(entry)}`;
}

function parsedEntry(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // a line that merely starts with `{`
    throw error;
  }
}

function errorPart(entry: Record<string, unknown>): string {
  const error = (entry.err ?? entry.error) as { message?: unknown } | string | undefined;
  const message = typeof error === 'string' ? error : error?.message;
  return typeof message === 'string' && message !== entry.msg ? `: ${message}` : '';
}

function extrasPart(entry: Record<string, unknown>): string {
  const extras = Object.entries(entry)
    .filter(([key, value]) => !SHOWN_OR_NOISE.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : compactJson(value, EXTRA_WIDTH)}`);
  return extras.length > 0 ? `  ${extras.join(' ')}` : '';
}
