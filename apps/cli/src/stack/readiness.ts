import type { ChildExit } from './child-service';

export type Readiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly exited: ChildExit }
  | { readonly ready: false; readonly timedOut: true; readonly lastAnswer: string }
  /** It runs but cannot serve Baton (PostgreSQL refused the URL's user): waiting longer will not help. */
  | { readonly ready: false; readonly problem: string };

const POLL_MS = 200;
const PROBE_TIMEOUT_MS = 2000;

/**
 * Polls `<url>/readyz` until it answers 200, the service exits, or `timeoutMs` passes. A service is
 * ready once it is connected and consuming, which is what `start` promises before printing the URL.
 */
export function waitUntilReady(
  readyUrl: string,
  exited: Promise<ChildExit>,
  timeoutMs: number,
): Promise<Readiness> {
  return pollUntilReady(
    async () => {
      const status = await probe(readyUrl);
      if (status === 200) return true;
      return status === undefined ? 'no answer' : `HTTP ${status}`;
    },
    exited,
    timeoutMs,
  );
}

/**
 * Calls `check` until it answers true, the process exits, or `timeoutMs` passes; any other answer
 * says why it is not ready yet (the last one ends up in the timeout message).
 */
export async function pollUntilReady(
  check: () => Promise<true | string>,
  exited: Promise<ChildExit>,
  timeoutMs: number,
): Promise<Readiness> {
  let exit: ChildExit | undefined;
  void exited.then((value) => (exit = value));
  const deadline = Date.now() + timeoutMs;
  let lastAnswer = 'no answer';
  while (Date.now() < deadline) {
    if (exit) return { ready: false, exited: exit };
    const answer = await check();
    if (answer === true) return { ready: true };
    lastAnswer = answer;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return exit ? { ready: false, exited: exit } : { ready: false, timedOut: true, lastAnswer };
}

async function probe(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    // Not listening yet (refused) or too slow to answer: both mean "not ready", polled again.
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TypeError' || name === 'TimeoutError') return undefined;
    throw error;
  }
}
