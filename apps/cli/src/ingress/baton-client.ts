import { Baton, BatonApiError, BatonNetworkError } from '@baton/client';
import { EXIT, type CommandIo } from '../command';
import { readableJson } from '../formatting/json-text';
import { ingressPortSetting } from '../settings/cli-settings';

/**
 * The verbs that talk to ingress do it through @baton/client, the library applications use, so the
 * CLI and the library never disagree. This module says where ingress is and what a failure reads like.
 */

/** The `--url` option every such verb takes. */
export const INGRESS_URL_OPTION = { url: { type: 'string' } } as const;

export type ClientLookup =
  { readonly ok: true; readonly baton: Baton } | { readonly ok: false; readonly message: string };

/**
 * A client of `--url`, else `BATON_URL`, else ingress on this machine at `INGRESS_PORT` (the default
 * of @baton/config), with `BATON_API_KEY` when set.
 */
export async function batonClient(
  urlOption: string | undefined,
  env: CommandIo['env'],
): Promise<ClientLookup> {
  const apiKey = env.BATON_API_KEY || undefined;
  const given = urlOption ?? (env.BATON_URL || undefined);
  if (given !== undefined) {
    if (!/^https?:\/\//i.test(given) || !URL.canParse(given)) {
      return {
        ok: false,
        message: `${urlOption === undefined ? 'BATON_URL' : '--url'} must be an http(s) URL (got '${given}')`,
      };
    }
    return clientOf(given, apiKey);
  }
  const port = await ingressPortSetting(env);
  if (!port.ok) return port;
  return clientOf(`http://127.0.0.1:${port.value}`, apiKey);
}

function clientOf(url: string, apiKey: string | undefined): ClientLookup {
  try {
    return { ok: true, baton: new Baton({ url, apiKey }) };
  } catch (error) {
    // The client checks its options (an API key that cannot be a header) with TypeErrors.
    if (error instanceof TypeError) {
      return { ok: false, message: error.message.replace(/^apiKey/, 'BATON_API_KEY') };
    }
    throw error;
  }
}

/**
 * What went wrong, for stderr: `404 not_found: no ensemble named 'x'` with the details and, on a
 * 401, a hint about BATON_API_KEY; or where ingress was looked for. Undefined for anything else
 * (a bug, to be rethrown).
 */
export function describeFailure(error: unknown): string | undefined {
  if (error instanceof BatonNetworkError) {
    return error.reason === 'timeout' ? error.message : `${error.message}: is \`baton start\` running?`;
  }
  if (!(error instanceof BatonApiError)) return undefined;
  const details = error.details === undefined ? '' : `\n${indent(readableJson(error.details))}`;
  const hint =
    error.status === 401 && !error.message.includes('signature')
      ? '\n  (set BATON_API_KEY to the key ingress was started with)'
      : '';
  return `${error.status} ${error.code}: ${error.message}${details}${hint}`;
}

/** Prints `baton <verb>: <failure>` and returns exit status 1; rethrows what is not a failure of the call. */
export function reportFailure(io: CommandIo, verb: string, error: unknown): number {
  const described = describeFailure(error);
  if (described === undefined) throw error;
  io.stderr.write(`baton ${verb}: ${described}\n`);
  return EXIT.failed;
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
