/**
 * The failures this library reports to the service that starts it. They are thrown only from the
 * start-up calls (`ensureDatabase`, `createOrm`), where a service cannot go on without its database.
 */
export type PersistenceErrorCode = 'invalid-database-url' | 'database-unreachable' | 'database-refused';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';

  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
