import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Values given on the command line either inline (`'{"id": 1}'`) or as `@file` (curl's
 * convention), as in `run --input`, `webhook send --data` and `reject --data`. Mistakes (missing
 * file, invalid JSON) come back as values: the verb prints them with its usage.
 */
export type ArgumentValue<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The exact bytes: a file's content untouched (signatures are computed over it), or the text as UTF-8. */
export async function readBytesArgument(
  option: string,
  text: string,
  cwd: string,
): Promise<ArgumentValue<Buffer>> {
  if (!text.startsWith('@')) return { ok: true, value: Buffer.from(text, 'utf8') };
  const file = text.slice(1);
  try {
    return { ok: true, value: await readFile(path.resolve(cwd, file)) };
  } catch (error) {
    const reason = FILE_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
    if (reason === undefined) throw error;
    return { ok: false, message: `${option}: cannot read ${file}: ${reason}` };
  }
}

/** A JSON value, inline or from `@file`. */
export async function readJsonArgument(
  option: string,
  text: string,
  cwd: string,
): Promise<ArgumentValue<unknown>> {
  const bytes = await readBytesArgument(option, text, cwd);
  if (!bytes.ok) return bytes;
  try {
    return { ok: true, value: JSON.parse(bytes.value.toString('utf8')) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const source = text.startsWith('@') ? text.slice(1) : 'the value';
    return { ok: false, message: `${option}: ${source} is not valid JSON (${error.message})` };
  }
}

/** A JSON object, as a request body that other fields are merged into must be. */
export async function readJsonObjectArgument(
  option: string,
  text: string,
  cwd: string,
): Promise<ArgumentValue<Record<string, unknown>>> {
  const parsed = await readJsonArgument(option, text, cwd);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `${option} must be a JSON object such as '{"reason": "…"}'` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};
