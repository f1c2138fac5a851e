import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { signWebhook, WEBHOOK_SCHEMES, WebhookSigningError, type WebhookScheme } from '@baton/signatures';
import { readBytesArgument } from '../arguments/inline-or-file';
import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { readableJson } from '../formatting/json-text';
import { callIngress, findIngress, INGRESS_URL_OPTION } from '../ingress/ingress-client';
import { commandLineMistake } from '../usage';

export const webhookCommand: Command = {
  name: 'webhook',
  synopses: [
    'webhook send <path> --scheme <scheme> --secret <s> --data <@file|json> [--header <name=value>]...',
  ],
  summary: 'sign a payload as a sender would and POST it to a webhook trigger',
  details: `Signs the exact bytes of --data the way a sender of <scheme> does and POSTs them to
<url>/webhooks<path> (Content-Type: application/json), then prints the answer's status and body.

Options:
  --scheme <scheme>             ${WEBHOOK_SCHEMES.join(', ')}
  --secret <s>                  the trigger's secret (not needed with --scheme none)
  --data <@file|json>           the body: a file sent byte for byte, or inline text
  --header <name=value>         another request header; repeatable (e.g. x-event-source=shop)
  --signature-header <name>     when the trigger reads its signature from another header
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
    const scheme = values.scheme;
    if (!isScheme(scheme)) {
      return commandLineMistake(
        io,
        webhookCommand,
        `--scheme must be one of ${WEBHOOK_SCHEMES.join(', ')}${scheme === undefined ? '' : ` (got '${scheme}')`}`,
      );
    }
    if (scheme !== 'none' && !values.secret)
      return commandLineMistake(io, webhookCommand, `--secret is needed to sign with ${scheme}`);
    if (values.data === undefined)
      return commandLineMistake(io, webhookCommand, 'missing --data <@file|json>: the body to send');
    const headers = extraHeaders(values.header ?? []);
    if (!headers.ok) return commandLineMistake(io, webhookCommand, headers.message);
    const body = await readBytesArgument('--data', values.data, io.cwd);
    if (!body.ok) return commandLineMistake(io, webhookCommand, body.message);
    const found = await findIngress(values.url, io.env);
    if (!found.ok) return commandLineMistake(io, webhookCommand, found.message);

    let signature: Record<string, string>;
    try {
      signature = signWebhook(scheme, values.secret ?? '', body.value, Date.now(), {
        header: values['signature-header'],
        deliveryId: randomUUID(),
      });
    } catch (error) {
      if (error instanceof WebhookSigningError)
        return commandLineMistake(io, webhookCommand, `--secret: ${error.message}`);
      throw error;
    }
    const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
    const response = await callIngress(found.ingress, {
      method: 'POST',
      path: `/webhooks${path}`,
      body: body.value,
      headers: { 'content-type': 'application/json', ...headers.value, ...signature },
    });
    if (response.kind === 'unreachable') {
      io.stderr.write(`baton webhook: ${response.message}\n`);
      return EXIT.failed;
    }
    const shown =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : readableJson(response.body);
    io.stdout.write(
      `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd() +
        `\n${shown ? `${shown}\n` : ''}`,
    );
    return response.status >= 200 && response.status < 300 ? EXIT.ok : EXIT.failed;
  },
};

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
