import { STATUS_CODES } from 'node:http';
import {
  BatonApiError,
  BatonSigningError,
  WEBHOOK_SCHEMES,
  type Baton,
  type WebhookScheme,
} from '@baton/client';
import { readBytesArgument } from '../arguments/inline-or-file';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { readableJson } from '../formatting/json-text';
import { batonClient, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { commandLineMistake } from '../usage';
import { findWebhookTrigger, type TriggerLookup } from '../webhooks/webhook-trigger';

export const webhookCommand: Command = {
  name: 'webhook',
  synopses: [
    'webhook send <path> --data <@file|json> [--scheme <scheme>] [--secret <s>] [--header <name=value>]...',
  ],
  summary: 'sign a payload as a sender would and POST it to a webhook trigger',
  details: `Signs the exact bytes of --data the way a sender of the trigger's scheme does and POSTs them to
<url>/webhooks<path> (Content-Type: application/json), then prints the answer's status and body.

The trigger at <path> is read from ingress (GET /api/ensembles): its scheme, its signature header
(auth.header) and the variable its secret comes from are used unless the options say otherwise.

Options:
  --data <@file|json>           the body: a file sent byte for byte, or inline text
  --scheme <scheme>             ${WEBHOOK_SCHEMES.join(', ')} (default: the trigger's)
  --secret <s>                  the trigger's secret (default: the variable the trigger reads it
                                from, e.g. $ROUTER_WEBHOOK_SECRET, when set here)
  --header <name=value>         another request header; repeatable (e.g. x-event-source=shop)
  --signature-header <name>     the header of the signature (default: the trigger's auth.header,
                                else the scheme's)
  --url <url>                   ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

github and standard-webhooks deliveries get a fresh delivery id each time, so resending the same file
is a new delivery; stripe deduplicates on the body's own "id".
Exit status: 0 a 2xx answer, 1 any other answer or ingress unreachable, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, {
      scheme: { type: 'string' },
      secret: { type: 'string' },
      data: { type: 'string' },
      header: { type: 'string', multiple: true },
      'signature-header': { type: 'string' },
      ...INGRESS_URL_OPTION,
    });
    if (!parsed.ok) return commandLineMistake(io, webhookCommand, parsed.message);
    const { values, positionals } = parsed;
    const [action, rawPath, ...extra] = positionals;
    if (action !== 'send') {
      return commandLineMistake(
        io,
        webhookCommand,
        action === undefined ? 'missing the action: webhook send' : `unknown action '${action}' (only: send)`,
      );
    }
    if (rawPath === undefined)
      return commandLineMistake(io, webhookCommand, 'which trigger? (missing <path>, e.g. /hooks/router)');
    if (extra.length > 0) return commandLineMistake(io, webhookCommand, `unexpected argument '${extra[0]}'`);
    if (values.scheme !== undefined && !isScheme(values.scheme)) {
      return commandLineMistake(
        io,
        webhookCommand,
        `--scheme must be one of ${WEBHOOK_SCHEMES.join(', ')} (got '${values.scheme}')`,
      );
    }
    if (values.data === undefined)
      return commandLineMistake(io, webhookCommand, 'missing --data <@file|json>: the body to send');
    const headers = extraHeaders(values.header ?? []);
    if (!headers.ok) return commandLineMistake(io, webhookCommand, headers.message);
    const body = await readBytesArgument('--data', values.data, io.cwd);
    if (!body.ok) return commandLineMistake(io, webhookCommand, body.message);
    const found = await batonClient(values.url, io.env);
    if (!found.ok) return commandLineMistake(io, webhookCommand, found.message);

    const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
    const lookup = await findWebhookTrigger(found.baton, path);
    const signing = signingOf(values, lookup, io.env);
    if (!signing.ok) return commandLineMistake(io, webhookCommand, signing.message);
    return send(io, found.baton, lookup.found ? lookup.trigger.path : path, body.value, {
      ...signing.value,
      headers: headers.value,
    });
  },
};

interface Signing {
  readonly scheme: WebhookScheme;
  readonly secret: string;
  readonly header?: string;
}

/** The options given, else what the registered trigger says; a message when something is missing. */
function signingOf(
  values: { scheme?: string; secret?: string; 'signature-header'?: string },
  lookup: TriggerLookup,
  env: CommandIo['env'],
): { ok: true; value: Signing } | { ok: false; message: string } {
  const trigger = lookup.found ? lookup.trigger : undefined;
  const scheme = values.scheme ?? trigger?.scheme;
  if (!isScheme(scheme)) {
    const why = lookup.found
      ? `the trigger's scheme '${String(scheme)}' is not one this CLI knows`
      : lookup.reason;
    return { ok: false, message: `--scheme must be one of ${WEBHOOK_SCHEMES.join(', ')} (${why})` };
  }
  const variable = trigger?.secretVariable;
  const secret = values.secret ?? (variable ? env[variable] : undefined) ?? '';
  if (scheme !== 'none' && secret === '') {
    const fromTrigger = variable ? ` (or set ${variable}, which the trigger reads)` : '';
    return { ok: false, message: `--secret is needed to sign with ${scheme}${fromTrigger}` };
  }
  return { ok: true, value: { scheme, secret, header: values['signature-header'] ?? trigger?.header } };
}

async function send(
  io: CommandIo,
  baton: Baton,
  path: string,
  body: Buffer,
  options: Signing & { headers: Record<string, string> },
): Promise<number> {
  try {
    const { status, ...accepted } = await baton.webhooks.send(path, body, options);
    io.stdout.write(`${statusLine(status)}\n${readableJson(accepted)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BatonSigningError)
      return commandLineMistake(io, webhookCommand, `--secret: ${error.message}`);
    if (!(error instanceof BatonApiError)) return reportFailure(io, 'webhook', error);
    // A refusal is what this verb is for trying: its status and body go to stdout as they came.
    const shown =
      error.body === undefined ? '' : typeof error.body === 'string' ? error.body : readableJson(error.body);
    io.stdout.write(`${statusLine(error.status)}\n${shown ? `${shown}\n` : ''}`);
    return EXIT.failed;
  }
}

function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
}

function isScheme(value: string | undefined): value is WebhookScheme {
  return (WEBHOOK_SCHEMES as readonly (string | undefined)[]).includes(value);
}

/** `--header name=value`, repeatable; header names are case-insensitive, so they are lower-cased. */
function extraHeaders(
  options: readonly string[],
): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const headers: Record<string, string> = {};
  for (const option of options) {
    const split = option.indexOf('=');
    const name = split === -1 ? '' : option.slice(0, split).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      return { ok: false, message: `--header must be name=value (got '${option}')` };
    headers[name] = option.slice(split + 1);
  }
  return { ok: true, value: headers };
}
