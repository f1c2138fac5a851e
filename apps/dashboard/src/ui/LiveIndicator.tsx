import { formatRelative } from '../format/time';

/** "Live · updated 3 s ago", or a warning when refreshing fails (the last data stays on the page). */
export function LiveIndicator({
  updatedAt,
  failing,
  now,
}: {
  updatedAt: Date | undefined;
  failing: boolean;
  now: Date;
}) {
  if (failing) {
    return (
      <span class="live live-failing" role="status">
        <span class="live-dot" aria-hidden="true" /> Not updating
      </span>
    );
  }
  return (
    <span class="live" role="status" aria-live="off">
      <span class="live-dot" aria-hidden="true" /> Live
      {updatedAt && <span class="muted"> · updated {formatRelative(updatedAt.toISOString(), now)}</span>}
    </span>
  );
}
