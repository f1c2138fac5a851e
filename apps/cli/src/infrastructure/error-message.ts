/**
 * The message of something thrown. By shape, not `instanceof Error`: socket errors are made in
 * Node's own realm, which is not the caller's under Jest.
 */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
