/** Test support: real breakers and pools, the given environment, and a way to release them. */
import { BreakerRegistry, type BreakerOptions } from '../circuit-breakers';
import { CodeSandboxes } from '../code/sandbox/code-sandboxes';
import type { ConnectorDeps } from '../connector-deps';
import { PostgresPools } from '../data/postgres-pools';

export interface TestDeps extends ConnectorDeps {
  release(): Promise<void>;
}

export function testDeps(
  env: Record<string, string>,
  options: { breakers?: Partial<BreakerOptions>; startRun?: ConnectorDeps['startRun'] } = {},
): TestDeps {
  const pools = new PostgresPools();
  const breakers = new BreakerRegistry(options.breakers);
  const codeSandboxes = new CodeSandboxes();
  return {
    env,
    pools,
    breakers,
    codeSandboxes,
    ...(options.startRun ? { startRun: options.startRun } : {}),
    async release() {
      breakers.shutdown();
      await Promise.all([pools.close(), codeSandboxes.close()]);
    },
  };
}
