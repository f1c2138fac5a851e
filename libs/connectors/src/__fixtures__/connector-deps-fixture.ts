/**
 * Test support: real breakers and pools, the given environment (snapshotted), an outbound guard
 * that allows 127.0.0.1 (the specs' local servers) and nothing else, and a way to release them.
 */
import { snapshotEnvironment } from '@baton/engine';
import { Outbound, parseAllowList } from '@baton/outbound';
import { BreakerRegistry, type BreakerOptions } from '../circuit-breakers';
import { CodeSandboxes } from '../code/sandbox/code-sandboxes';
import type { ConnectorDeps } from '../connector-deps';
import { PostgresPools } from '../data/postgres-pools';

export interface TestDeps extends ConnectorDeps {
  release(): Promise<void>;
}

export function testDeps(
  env: Record<string, string>,
  options: {
    breakers?: Partial<BreakerOptions>;
    startRun?: ConnectorDeps['startRun'];
    outbound?: Outbound;
    kv?: ConnectorDeps['kv'];
    blobs?: ConnectorDeps['blobs'];
  } = {},
): TestDeps {
  const pools = new PostgresPools();
  const breakers = new BreakerRegistry(options.breakers);
  const outbound = options.outbound ?? new Outbound({ allow: parseAllowList('127.0.0.1') });
  const codeSandboxes = new CodeSandboxes();
  return {
    env: snapshotEnvironment(env),
    pools,
    breakers,
    outbound,
    codeSandboxes,
    ...(options.startRun ? { startRun: options.startRun } : {}),
    ...(options.kv ? { kv: options.kv } : {}),
    ...(options.blobs ? { blobs: options.blobs } : {}),
    async release() {
      breakers.shutdown();
      await Promise.all([pools.close(), outbound.close(), codeSandboxes.close()]);
    },
  };
}
