/** A status as a coloured pill; the colour comes from the status name (styles/app.css `.status-*`). */
const LABELS: Readonly<Record<string, string>> = {
  timed_out: 'timed out',
};

export function StatusBadge({ status, large = false }: { status: string; large?: boolean }) {
  return (
    <span class={`status status-${status}${large ? ' status-large' : ''}`} data-status={status}>
      <span class="status-dot" aria-hidden="true" />
      {LABELS[status] ?? status}
    </span>
  );
}
