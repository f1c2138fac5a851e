import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';

/** JetStream API error codes this library handles by name (server/errors.json of nats-server). */
export const API_CODES = {
  ...JetStreamApiCodes,
  StreamNameInUse: 10058,
  ConsumerNameExists: 10013,
  ConsumerAlreadyExists: 10148,
} as const;

export function hasApiCode(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
