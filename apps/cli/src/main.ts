#!/usr/bin/env node
// The `baton` binary: hands the real process's arguments, streams and environment to runCli.
import { runCli } from './cli';
import { EXIT } from './command';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
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
