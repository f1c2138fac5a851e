import { createServer } from 'node:net';

export interface PortClaim {
  readonly port: number;
  /** Who needs it and from which variable: `ingress (INGRESS_PORT)`. */
  readonly owner: string;
}

/**
 * The ports `start` needs that it cannot have: taken twice by its own settings, or already in use
 * on this machine (another `baton start`, a leftover service). Checked before anything starts, so
 * the message names the variable to change instead of a service dying with EADDRINUSE.
 */
export async function portProblems(claims: readonly PortClaim[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const claim of claims) {
    const first = seen.get(claim.port);
    if (first !== undefined) {
      problems.push(`port ${claim.port} is set for both ${first} and ${claim.owner}`);
      continue;
    }
    seen.set(claim.port, claim.owner);
    const reason = await unavailability(claim.port);
    if (reason !== undefined) problems.push(`port ${claim.port} of ${claim.owner} ${reason}`);
  }
  return problems;
}

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use (another baton start?)',
  EACCES: 'needs privileges this user does not have',
};

/** Listens on the port as the services do (every interface) and lets go at once. */
function unavailability(port: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = REASONS[error.code ?? ''];
      if (reason === undefined) reject(error);
      else resolve(reason);
    });
    server.listen(port, () => server.close(() => resolve(undefined)));
  });
}
