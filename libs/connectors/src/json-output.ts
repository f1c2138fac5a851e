/**
 * Outputs travel in events and on the bus as JSON, so an operation's result is reduced to JSON
 * here, once: `undefined` becomes null, dates their ISO text, bigints numbers when safe (else text).
 * A value that cannot be JSON (a cycle) is the agent's failure rather than a crash of the worker.
 */
import { failed, messageOf, OperationFailure } from './outcome';

export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      const number = Number(item);
      return Number.isSafeInteger(number) ? number : item.toString();
    });
  } catch (error) {
    throw new OperationFailure(
      failed('invalid-output', `the output cannot be stored as JSON: ${messageOf(error)}`, {
        retryable: false,
      }),
    );
  }
  // A function or symbol at the top level stringifies to undefined.
  return text === undefined ? null : JSON.parse(text);
}
