import type { RunEvent as ApiRunEvent } from '@baton/client';
import type { RunEvent } from '@baton/engine';
import { eventDetail } from '../runs/run-timeline';

/** An event with the run it belongs to, as `baton logs` prints it. */
export interface LoggedEvent {
  readonly ensemble: string;
  readonly event: ApiRunEvent;
}

const TYPE_WIDTH = 19; // AgentRetryScheduled

/**
 * One readable line per event: `<time> <ensemble> <run id> <event> <agent> <detail>`, the run's
 * columns left out when one run is followed. Times are UTC to the millisecond.
 */
export function formatEventLine(logged: LoggedEvent, options: { withRun: boolean }): string {
  const { event, ensemble } = logged;
  const data = event.data as { agent?: string; iteration?: number; attempt?: number; item?: unknown };
  const agent =
    data.agent === undefined
      ? ''
      : `${data.agent}${(data.iteration ?? 0) > 0 || data.item !== undefined ? `#${data.iteration ?? 0}` : ''}` +
        `${(data.attempt ?? 1) > 1 ? ` (attempt ${data.attempt})` : ''}`;
  const detail = eventDetail(event as unknown as RunEvent);
  const run = options.withRun ? `${ensemble} ${event.runId}  ` : '';
  return [`${event.at}  ${run}${event.type.padEnd(TYPE_WIDTH)}`, agent, detail]
    .filter(Boolean)
    .join('  ')
    .trimEnd();
}

/** Oldest first; events of one run keep their log order. */
export function inLogOrder(events: readonly LoggedEvent[]): LoggedEvent[] {
  return [...events].sort(
    (a, b) =>
      a.event.at.localeCompare(b.event.at) ||
      a.event.runId.localeCompare(b.event.runId) ||
      a.event.seq - b.event.seq,
  );
}
