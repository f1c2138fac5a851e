import type { CommandIo } from '../command';

/** A CommandIo whose streams are strings, for specs that call a verb directly. */
export interface CapturedIo extends CommandIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function capturedIo(options: { cwd: string; env?: Record<string, string | undefined> }): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    cwd: options.cwd,
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
