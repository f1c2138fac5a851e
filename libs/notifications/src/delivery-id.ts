import { v5 as uuidv5 } from 'uuid';

/** Namespace of delivery ids (a fixed random UUID). */
const DELIVERY_NAMESPACE = '4f7c2a7e-3d8b-4d6a-9c1e-6b0f5a2d9e31';

/**
 * A delivery is one notification (by its index) about one run event (by its seq): its id is derived
 * from those, so it is the same on every attempt, when the run event is delivered to the notifier
 * again, and on a redelivery. UUID-shaped, one NATS subject token.
 */
export function deliveryIdOf(runId: string, eventSeq: number, notificationIndex: number): string {
  return uuidv5(`${runId}\n${eventSeq}\n${notificationIndex}`, DELIVERY_NAMESPACE);
}
