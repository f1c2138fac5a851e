import type { RunEvent } from '../api/types';
import { TERMINAL_EVENTS } from './timeline';

export interface OpenWait {
  readonly key: string;
  readonly agent: string;
  readonly timeoutAt?: string;
}

/** Keys of the waits still open: started, neither resolved nor timed out, in a run that goes on. */
export function openWaits(events: readonly RunEvent[]): OpenWait[] {
  const open = new Map<string, OpenWait>();
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'WaitStarted' && typeof data.key === 'string') {
      open.set(data.key, {
        key: data.key,
        agent: String(data.agent),
        ...(typeof data.timeoutAt === 'string' ? { timeoutAt: data.timeoutAt } : {}),
      });
    } else if (
      (event.type === 'WaitResolved' || event.type === 'WaitTimedOut') &&
      typeof data.key === 'string'
    ) {
      open.delete(data.key);
    } else if (TERMINAL_EVENTS.has(event.type)) {
      open.clear();
    }
  }
  return [...open.values()];
}
