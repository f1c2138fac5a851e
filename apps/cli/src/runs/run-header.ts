import type { RunSummary } from '@baton/engine';
import { readableJson } from '../formatting/json-text';
import { formatDuration, formatTimestamp, millisecondsBetween } from '../formatting/time-text';

/** A run as `GET /api/runs/<id>` returns it. */
export type RunDocument = RunSummary;

export interface RunHeaderOptions {
  /** `run --wait` leaves the input out: the user just typed it. */
  readonly input?: boolean;
}

const LABEL_WIDTH = 10;
const JSON_WIDTH = 70;

/** The head of `runs show` and the answer of `run --wait`: one labelled line per fact of the run. */
export function formatRunHeader(run: RunDocument, options: RunHeaderOptions = {}): string {
  const lines: [string, string][] = [
    ['run', run.id ?? '?'],
    ['ensemble', `${run.ensemble ?? '?'}${run.revision === null ? '' : ` (revision ${run.revision})`}`],
    ['status', statusText(run)],
    ['started', run.startedAt ? formatTimestamp(run.startedAt) : 'not yet'],
    // The id to search in Jaeger (or any OpenTelemetry backend): the run's whole trace.
    ['trace', run.traceId ?? '— (tracing was off)'],
  ];
  if (options.input !== false) lines.push(['input', readableJson(run.input ?? null, JSON_WIDTH)]);
  lines.push([
    'output',
    run.output === null || run.output === undefined ? '—' : readableJson(run.output, JSON_WIDTH),
  ]);
  lines.push(['error', run.error ? errorText(run.error) : '—']);
  return lines.map(([label, value]) => labelled(label, value)).join('');
}

function statusText(run: RunDocument): string {
  const took = millisecondsBetween(run.startedAt, run.finishedAt);
  return took === undefined ? run.status : `${run.status} in ${formatDuration(took)}`;
}

function errorText(error: NonNullable<RunDocument['error']>): string {
  return `${error.agent ? `${error.agent}: ` : ''}${error.message} (${error.code}${error.status === undefined ? '' : `, HTTP ${error.status}`})`;
}

// A value over several lines (pretty JSON) continues under the first, aligned after the label.
function labelled(label: string, value: string): string {
  const [first, ...rest] = value.split('\n');
  const continuation = rest.map((line) => `${' '.repeat(LABEL_WIDTH)}${line}\n`).join('');
  return `${label.padEnd(LABEL_WIDTH)}${first}\n${continuation}`;
}
