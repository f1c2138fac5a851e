import { EXIT, type CommandIo } from '../command';
import { describeExit } from './child-service';
import type { BackingProcess, LocalStack } from './local-stack';
import type { PlannedService } from './stack-plan';

export interface ForegroundRun {
  readonly io: CommandIo;
  readonly stack: LocalStack;
  readonly services: readonly PlannedService[];
  /** NATS and PostgreSQL when `start` runs them: started before the services, stopped after. */
  readonly backing?: readonly BackingProcess[];
  /** baton's own messages (stdout, or stderr with --json-logs). */
  readonly say: (text: string) => void;
  /** The text to print once every service is ready. */
  readonly banner: () => Promise<string>;
}

/**
 * Runs the stack in the foreground: starts it, prints the banner, and stops everything on the first
 * interrupt (a second one kills at once) or when a service dies. The exit status: 0 when stopped on
 * request, 1 when a service failed to start or died.
 */
export async function runInForeground({
  io,
  stack,
  services,
  backing,
  say,
  banner,
}: ForegroundRun): Promise<number> {
  let interrupted: () => void = () => undefined;
  const interruption = new Promise<void>((resolve) => (interrupted = resolve));
  const unsubscribe = io.interrupts?.subscribe((signal) => {
    if (stack.isStopping) {
      say(`${signal} again: killing every service now.`);
      stack.kill();
      return;
    }
    say(`${signal}: stopping every service (Ctrl-C again kills them at once)…`);
    interrupted();
    void stack.stop();
  });
  const stopAll = async (failure?: string) => {
    if (failure) io.stderr.write(`baton start: ${failure}; stopping the others.\n`);
    await stack.stop();
    if (!failure) say('Stopped.');
    return failure ? EXIT.failed : EXIT.ok;
  };
  try {
    const started = await stack.start(services, backing);
    if (stack.isStopping) return await stopAll();
    if (!started.ok) return await stopAll(started.message);
    say(await banner());
    const ended = await Promise.race([interruption.then(() => undefined), stack.unexpectedExit]);
    return await stopAll(ended && `${ended.service} exited unexpectedly (${describeExit(ended.exit)})`);
  } finally {
    unsubscribe?.();
  }
}
