import { messageOf } from './error-message';
import { postgresRefused, postgresUnreachable } from './start-instructions';

export type DatabaseCheck =
  | { readonly ok: true; readonly created: boolean }
  | {
      readonly ok: false;
      /** Nothing answered (`unreachable`), PostgreSQL refused the URL's credentials, or the URL is wrong. */
      readonly reason: 'unreachable' | 'refused' | 'invalid-url';
      readonly message: string;
    };

/**
 * Checks that the PostgreSQL of DATABASE_URL answers and creates Baton's database there when it is
 * missing (the services migrate it on start). Failures come back as the message to print.
 */
export async function ensureReadModelDatabase(url: string): Promise<DatabaseCheck> {
  // Loaded here: @baton/persistence brings MikroORM, which only `start` needs.
  const { ensureDatabase, PersistenceError } = await import('@baton/persistence');
  try {
    return { ok: true, ...(await ensureDatabase(url)) };
  } catch (error) {
    if (!(error instanceof PersistenceError)) throw error;
    const reason = messageOf(error.cause ?? error);
    switch (error.code) {
      case 'database-unreachable':
        return { ok: false, reason: 'unreachable', message: postgresUnreachable(url, reason) };
      case 'database-refused':
        return { ok: false, reason: 'refused', message: postgresRefused(url, reason) };
      case 'invalid-database-url':
        return { ok: false, reason: 'invalid-url', message: `DATABASE_URL: ${error.message}` };
    }
  }
}
