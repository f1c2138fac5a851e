import { useMemo } from 'preact/hooks';
import type { RunEvent } from '../api/types';
import { formatDuration } from '../format/time';
import { StatusBadge } from '../ui/StatusBadge';
import { buildTimeline, type Lane, type Span } from './timeline';

const SPAN_LABELS: Record<Span['kind'], string> = {
  queued: 'queued',
  running: 'running',
  attempt: 'attempt',
  waiting: 'waiting',
  backoff: 'retry back-off',
  deferred: 'deferred',
};

/** Lanes of spans on one time axis, then the attempts with their durations. */
export function TimelineChart({ events, now }: { events: readonly RunEvent[]; now: Date }) {
  const timeline = useMemo(() => buildTimeline(events, now), [events, now]);
  if (events.length === 0) return <p class="muted">No events yet.</p>;
  // Below 10 ms the axis would only repeat itself: runs that quick show on a 10 ms axis.
  const scale = Math.max(timeline.endMs, 10);
  const ticks = axisTicks(scale);
  const hasStarts = events.some((event) => event.type === 'AgentStarted');

  return (
    <>
      <div class="timeline" role="group" aria-label="Timeline of the run’s agents">
        <div class="timeline-row timeline-axis" aria-hidden="true">
          <div class="timeline-label" />
          <div class="timeline-track">
            {ticks.map((tick) => (
              <span key={tick} class="timeline-tick" style={{ left: `${(tick / scale) * 100}%` }}>
                {tick === 0 ? '0' : formatDuration(tick)}
              </span>
            ))}
          </div>
        </div>
        {timeline.run.length > 0 && (
          <LaneRow label="run" spans={timeline.run} markers={[]} scale={scale} ticks={ticks} />
        )}
        {timeline.lanes.map((lane: Lane) => (
          <LaneRow
            key={lane.key}
            label={lane.label}
            spans={lane.spans}
            markers={lane.markers}
            scale={scale}
            ticks={ticks}
          />
        ))}
      </div>
      <ul class="legend" aria-label="Legend">
        {(hasStarts ? ['queued', 'running'] : ['attempt']).map((kind) => (
          <li key={kind}>
            <span class={`swatch span-${kind}`} /> {kind === 'attempt' ? 'attempt (queue and run)' : kind}
          </li>
        ))}
        <li>
          <span class="swatch span-waiting" /> waiting for a decision
        </li>
        <li>
          <span class="swatch span-backoff" /> retry back-off
        </li>
        <li>
          <span class="swatch swatch-failed" /> failed attempt
        </li>
        <li>
          <span class="marker-swatch" /> skipped or other event
        </li>
      </ul>
      {timeline.attempts.length > 0 && (
        <table class="table table-compact attempts-table">
          <caption class="visually-hidden">Attempts</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col" class="numeric">
                Attempt
              </th>
              <th scope="col">Outcome</th>
              <th scope="col" class="numeric" title="From scheduling until a worker took it">
                Queued
              </th>
              <th scope="col" class="numeric">
                Ran
              </th>
              <th scope="col" class="numeric">
                Total
              </th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {timeline.attempts.map((row) => (
              <tr key={`${row.lane}:${row.attempt}:${row.scheduledAt}`}>
                <td class="mono">{row.lane}</td>
                <td class="numeric">{row.attempt}</td>
                <td>
                  <StatusBadge status={row.outcome === 'open' ? 'running' : row.outcome} />
                </td>
                <td class="numeric">{row.queuedMs === undefined ? '–' : formatDuration(row.queuedMs)}</td>
                <td class="numeric">{row.runMs === undefined ? '–' : formatDuration(row.runMs)}</td>
                <td class="numeric">{row.totalMs === undefined ? '–' : formatDuration(row.totalMs)}</td>
                <td class="error-cell">{row.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function LaneRow({
  label,
  spans,
  markers,
  scale,
  ticks,
}: {
  label: string;
  spans: readonly Span[];
  markers: Lane['markers'];
  scale: number;
  ticks: readonly number[];
}) {
  return (
    <div class="timeline-row">
      <div class="timeline-label mono" title={label}>
        {label}
      </div>
      <div class="timeline-track">
        {ticks.map((tick) => (
          <span
            key={tick}
            class="timeline-grid"
            style={{ left: `${(tick / scale) * 100}%` }}
            aria-hidden="true"
          />
        ))}
        {spans.map((span, index) => {
          const text = spanText(span);
          return (
            <span
              key={index}
              class={`span span-${span.kind}${span.outcome ? ` outcome-${span.outcome}` : ''}${span.open ? ' span-open' : ''}`}
              style={{
                left: `${(span.from / scale) * 100}%`,
                width: `max(3px, ${((span.to - span.from) / scale) * 100}%)`,
              }}
              title={text}
              aria-label={`${label}: ${text}`}
              tabIndex={0}
            />
          );
        })}
        {markers.map((marker, index) => (
          <span
            key={`m${index}`}
            class="marker"
            style={{ left: `${(marker.at / scale) * 100}%` }}
            title={marker.label}
            aria-label={`${label}: ${marker.label}`}
            tabIndex={0}
          />
        ))}
      </div>
    </div>
  );
}

function spanText(span: Span): string {
  const parts = [
    span.attempt === undefined ? undefined : `attempt ${span.attempt}`,
    SPAN_LABELS[span.kind],
    `${formatDuration(span.to - span.from)}${span.open ? ' so far' : ''}`,
    span.outcome && span.outcome !== 'open' ? span.outcome : undefined,
    span.detail,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Round steps (1, 2 or 5 × 10ⁿ ms) giving four to eight ticks over the axis. */
function axisTicks(endMs: number): number[] {
  const rough = endMs / 5;
  const power = Math.max(1, 10 ** Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? power * 10;
  const ticks: number[] = [];
  for (let tick = 0; tick <= endMs; tick += step) ticks.push(tick);
  return ticks;
}
