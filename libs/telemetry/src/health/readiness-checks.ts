/** Says whether a dependency is usable: false or a thrown error means not ready. */
export type ReadinessCheck = () => boolean | void | Promise<boolean | void>;

export interface ReadinessCheckResult {
  readonly ok: boolean;
  /** Why it failed; absent when ok. */
  readonly error?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheckResult>>;
  /** Names of the failed checks, in registration order. */
  readonly failed: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * The checks /readyz runs, registered by the service as it wires its connections
 * (`checks.register('nats', () => !connection.isClosed())`). All run concurrently, each with a
 * time-out, so one hung dependency cannot hang the probe.
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, { check: ReadinessCheck; timeoutMs: number }>();

  register(name: string, check: ReadinessCheck, options: { timeoutMs?: number } = {}): this {
    this.checks.set(name, { check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    return this;
  }

  async run(): Promise<ReadinessReport> {
    const entries = [...this.checks.entries()];
    const results = await Promise.all(entries.map(([, { check, timeoutMs }]) => runCheck(check, timeoutMs)));
    const checks = Object.fromEntries(entries.map(([name], index) => [name, results[index]]));
    const failed = entries.filter((_, index) => !results[index].ok).map(([name]) => name);
    return { ready: failed.length === 0, checks, failed };
  }
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const outcome = (async (): Promise<ReadinessCheckResult> => {
    try {
      return (await check()) === false ? { ok: false, error: 'not ready' } : { ok: true };
    } catch (error) {
      // A failing check is the expected answer here, not an exception to propagate.
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
