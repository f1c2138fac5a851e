import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export type ParsedArguments<T extends Options> =
  | {
      readonly ok: true;
      readonly values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>['values'];
      readonly positionals: string[];
    }
  | { readonly ok: false; readonly message: string };

/**
 * A verb's options and positionals, parsed strictly (an unknown option is an error, not ignored).
 * Mistakes on the command line come back as a value so the verb can print its usage.
 */
export function parseCommandArguments<T extends Options>(
  args: readonly string[],
  options: T,
): ParsedArguments<T> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, values, positionals };
  } catch (error) {
    if (isParseArgsError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

// node:util marks its command-line errors with ERR_PARSE_ARGS_* codes; anything else is a bug.
// Checked by shape, not instanceof: Node's internal errors may come from another realm (Jest's VM).
function isParseArgsError(error: unknown): error is { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && typeof message === 'string';
}
