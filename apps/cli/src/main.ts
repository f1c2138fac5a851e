#!/usr/bin/env node
// The `baton` binary: hands the real process's arguments, streams, environment and signals to runCli.
import { runCli } from './cli';
import { EXIT, type Interrupts } from './command';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

// Listening replaces Node's default (exit at once): a verb that subscribes stops in its own way.
const interrupts: Interrupts = {
  subscribe(listener) {
    const handlers = STOP_SIGNALS.map((signal) => {
      const handler = () => listener(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
  },
};

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  interrupts,
}).then(
  (status) => {
    // exitCode rather than exit(): lets piped stdout drain before the process ends.
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(
      `baton: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.internal;
  },
);
