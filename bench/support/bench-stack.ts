/**
 * The Baton stack a benchmark runs against: the end-to-end harness (private NATS, private database,
 * services from dist/) with the bench ensembles, always stopped when the measurement ends or fails.
 */
import { join } from 'node:path';
import { startStack, type ServiceName, type Stack } from '../../test/support/stack';
import { WEBHOOK_SECRET } from './signed-webhook';

/** The build copies bench/fixtures beside the compiled benches. */
export const BENCH_ENSEMBLES_DIR = join(__dirname, '../fixtures/ensembles');

export async function withBenchStack<T>(
  options: { readonly only?: readonly ServiceName[]; readonly env?: Readonly<Record<string, string>> },
  measure: (stack: Stack) => Promise<T>,
): Promise<T> {
  const stack = await startStack({
    ensemblesDir: BENCH_ENSEMBLES_DIR,
    // The services log as they would in production (the stack's own default is debug).
    env: { LOG_LEVEL: 'info', BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET, ...options.env },
    ...(options.only ? { only: options.only } : {}),
  });
  try {
    return await measure(stack);
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (service logs: ${stack.logDir})`,
      { cause: error },
    );
  } finally {
    await stack.stop();
  }
}
