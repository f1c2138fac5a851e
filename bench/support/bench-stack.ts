/**
 * The Baton stack a benchmark runs against: the end-to-end harness (private NATS, private database,
 * services from dist/) with the bench ensembles, always stopped when the measurement ends or fails.
 */
import { startStack, type ServiceName, type Stack, type StackCommand } from '../../test/support/stack';
import { BENCH_ENSEMBLES_DIR } from './bench-ensembles';
import { WEBHOOK_SECRET } from './signed-webhook';

export { BENCH_ENSEMBLES_DIR };

export async function withBenchStack<T>(
  options: {
    readonly only?: readonly ServiceName[];
    readonly command?: StackCommand;
    readonly env?: Readonly<Record<string, string>>;
  },
  measure: (stack: Stack) => Promise<T>,
): Promise<T> {
  const stack = await startStack({
    ensemblesDir: BENCH_ENSEMBLES_DIR,
    // The services log as they would in production (the stack's own default is debug).
    env: { LOG_LEVEL: 'info', BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET, ...options.env },
    ...(options.only ? { only: options.only } : {}),
    ...(options.command ? { command: options.command } : {}),
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
