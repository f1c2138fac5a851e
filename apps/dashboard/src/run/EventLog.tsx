import { useState } from 'preact/hooks';
import type { RunEvent } from '../api/types';
import { formatOffset, millisecondsBetween } from '../format/time';
import { Code } from '../ui/Code';
import { Timestamp } from '../ui/time';
import { eventAgent, eventSummary } from './event-summary';

/** The raw event log, one row per event; a row opens to the event's JSON. */
export function EventLog({ events }: { events: readonly RunEvent[] }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  if (events.length === 0) return <p class="muted card-pad">No events yet.</p>;
  const start = events[0].at;
  const toggle = (seq: number) => {
    const next = new Set(open);
    if (next.has(seq)) next.delete(seq);
    else next.add(seq);
    setOpen(next);
  };
  return (
    <table class="table table-compact event-log">
      <thead>
        <tr>
          <th scope="col" class="numeric">
            #
          </th>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Agent</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const expanded = open.has(event.seq);
          return [
            <tr key={event.seq} class={`event-row event-${kindOf(event.type)}`}>
              <td class="numeric muted">{event.seq}</td>
              <td class="nowrap">
                <span class="mono small">{formatOffset(millisecondsBetween(start, event.at) ?? 0)}</span>
                <span class="muted small">
                  {' '}
                  <Timestamp iso={event.at} />
                </span>
              </td>
              <td>
                <button
                  type="button"
                  class="link-button mono"
                  aria-expanded={expanded}
                  aria-controls={`event-${event.seq}`}
                  onClick={() => toggle(event.seq)}
                >
                  {event.type}
                </button>
              </td>
              <td class="mono">{eventAgent(event)}</td>
              <td class="detail-cell">{eventSummary(event)}</td>
            </tr>,
            expanded && (
              <tr key={`${event.seq}-json`} id={`event-${event.seq}`} class="event-json">
                <td colSpan={5}>
                  <Code
                    text={JSON.stringify(event, null, 2)}
                    language="json"
                    label={`Event ${event.seq} as JSON`}
                  />
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}

function kindOf(type: string): string {
  if (/Failed|TimedOut|Cancelled/.test(type)) return 'bad';
  if (/Succeeded|Completed|Resolved/.test(type)) return 'good';
  if (/Wait/.test(type)) return 'wait';
  return 'plain';
}
