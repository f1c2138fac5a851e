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

/** A time to the second, in the viewer's zone unless one is given (a cron trigger's own). */
export function Timestamp({ iso, timeZone }: { iso: string | null | undefined; timeZone?: string }) {
  if (!iso) return <span class="muted">–</span>;
  return <time dateTime={iso}>{formatTimestamp(iso, timeZone)}</time>;
}
