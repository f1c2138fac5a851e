import { useEffect, useState } from 'preact/hooks';
import { formatRelative, formatTimestamp } from '../format/time';

/** The current time, refreshed every `everyMs` (relative times and running durations move on). */
export function useNow(everyMs = 5000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `5 min ago`, with the exact time as its title and machine-readable datetime. */
export function RelativeTime({ iso, now }: { iso: string | null | undefined; now: Date }) {
  if (!iso) return <span class="muted">–</span>;
  return (
    <time dateTime={iso} title={formatTimestamp(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

export function Timestamp({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">–</span>;
  return <time dateTime={iso}>{formatTimestamp(iso)}</time>;
}
