/** The start of the line postgres-main prints once PostgreSQL accepts connections. */
export const POSTGRES_READY = 'PostgreSQL ready:';

/** Whether a line of postgres-main says PostgreSQL is ready (its JSON line with that message). */
export function isPostgresReadyLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const msg = (JSON.parse(line) as { msg?: unknown }).msg;
    return typeof msg === 'string' && msg.startsWith(POSTGRES_READY);
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}
