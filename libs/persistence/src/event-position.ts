import type { RunEvent } from '@baton/engine';

/**
 * Where an event stands against what the read model already holds for its run:
 * - `next`: the one after the last applied (or the run's RunRequested): apply it;
 * - `duplicate`: at or below the last applied seq (a redelivery): skip it;
 * - `gap`: an earlier event is missing: do not apply it, so no update is ever lost; the consumer
 *   redelivers it later, once the missing one has arrived.
 */
export type EventPosition = 'next' | 'duplicate' | 'gap';

export function eventPosition(lastSeq: number | undefined, event: RunEvent): EventPosition {
  if (lastSeq === undefined) return event.type === 'RunRequested' ? 'next' : 'gap';
  if (event.seq <= lastSeq) return 'duplicate';
  return event.seq === lastSeq + 1 ? 'next' : 'gap';
}
