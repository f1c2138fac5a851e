/**
 * How long a failed message waits before JetStream delivers it again: doubling from 1 s, capped at
 * 60 s, so a transient outage (database, downstream service) is retried soon and a lasting one does
 * not spin. `deliveryCount` is JetStream's, 1 on the first delivery.
 */
export function redeliveryDelay(deliveryCount: number, baseMs = 1000, maxMs = 60_000): number {
  const failuresSoFar = Math.max(0, deliveryCount - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(failuresSoFar, 30));
}
