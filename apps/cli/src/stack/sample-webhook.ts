import path from 'node:path';
import { displayPath } from '../formatting/display-path';
import { secretVariableOf } from '../webhooks/webhook-trigger';

/** A loaded ensemble as `GET /api/ensembles` lists it. */
export interface EnsembleListing {
  readonly name: string;
  readonly revision: number;
  readonly triggers: readonly TriggerListing[];
}

export interface TriggerListing {
  readonly type: string;
  readonly path?: string;
  readonly auth?: { readonly scheme?: string; readonly secret?: unknown; readonly header?: string };
  readonly cron?: string;
  readonly timezone?: string;
  readonly enabled?: boolean;
  /** cron: when it fires next, in its zone (computed by the API); null when disabled or never. */
  readonly nextFireAt?: string | null;
  readonly event?: string;
  readonly queue?: string;
  readonly table?: string;
  readonly events?: readonly string[];
}

export interface SampleWebhookInput {
  readonly ensembles: readonly EnsembleListing[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Sample payloads (`examples/inputs/*.json`), absolute paths. */
  readonly inputFiles: readonly string[];
  /** Text of the examples' README: its own `baton webhook send` lines name the payload of each path. */
  readonly examplesReadme?: string;
  /** Directory the README's paths are relative to (the repository). */
  readonly readmeBase: string;
  readonly cwd: string;
  /** Secrets to print as they are rather than as their variable (the examples' public dev values). */
  readonly literalSecrets?: Readonly<Record<string, string>>;
  /** How the user runs the CLI (`./dev baton`); default `baton`. */
  readonly cli?: string;
}

export interface SampleWebhook {
  /** A `baton webhook send …` line to copy and paste. */
  readonly command: string;
  /** The variable holding the trigger's secret, when the environment does not set it. */
  readonly unsetSecret?: string;
}

/** Words every webhook's name or path has: they tell nothing about which payload fits. */
const GENERIC_WORDS = new Set(['hook', 'webhook', 'event', 'api', 'json', 'input', 'payload', 'sample']);
const DELIVERY_WORDS = new Set(['webhook', 'event']);

/**
 * The copy-paste line `start` prints to try a webhook trigger: the first trigger whose secret the
 * environment sets (else the first one), documented ones first in the README's order, its scheme, the secret as the shell variable it comes
 * from, and a sample payload that fits it (see `payloadFor`).
 */
export function sampleWebhook(input: SampleWebhookInput): SampleWebhook | undefined {
  // The README's own example first (the order its `webhook send` lines come in), so the line start
  // prints is the one the reader has just seen.
  const documented = (path: string | undefined) => {
    const at = input.examplesReadme?.indexOf(`webhook send ${path} `) ?? -1;
    return at === -1 ? Number.POSITIVE_INFINITY : at;
  };
  const triggers = input.ensembles
    .flatMap((ensemble) =>
      ensemble.triggers
        .filter((trigger) => trigger.type === 'webhook' && trigger.path)
        .map((trigger) => ({ ensemble, trigger })),
    )
    .sort((a, b) => documented(a.trigger.path) - documented(b.trigger.path));
  const secretVariable = (trigger: TriggerListing) => secretVariableOf(trigger);
  const setIn =
    (values: Readonly<Record<string, string | undefined>> | undefined) => (trigger: TriggerListing) => {
      const variable = secretVariable(trigger);
      return variable !== undefined && Boolean(values?.[variable]);
    };
  // The user's own secrets first, then the examples' development ones, then any trigger.
  const chosen =
    triggers.find(({ trigger }) => setIn(input.env)(trigger)) ??
    triggers.find(({ trigger }) => setIn(input.literalSecrets)(trigger)) ??
    triggers[0];
  if (!chosen) return undefined;

  const { trigger, ensemble } = chosen;
  const triggerPath = trigger.path as string;
  const scheme = trigger.auth?.scheme ?? 'none';
  const variable = secretVariable(trigger);
  const literal =
    variable === undefined || input.env[variable] ? undefined : input.literalSecrets?.[variable];
  const shown = literal ?? (variable ? `"$${variable}"` : '<secret>');
  const secret = scheme === 'none' ? '' : ` --secret ${shown}`;
  const header = trigger.auth?.header ? ` --signature-header ${trigger.auth.header}` : '';
  const payload = payloadFor(triggerPath, ensemble.name, input);
  const data = payload === undefined ? ` --data '{}'` : ` --data @${displayPath(payload, input.cwd)}`;
  return {
    command: `${input.cli ?? 'baton'} webhook send ${triggerPath} --scheme ${scheme}${secret}${header}${data}`,
    unsetSecret: variable !== undefined && !input.env[variable] && !literal ? variable : undefined,
  };
}

/**
 * The payload to send to a trigger: the one the examples' README sends to that path, else the
 * sample whose file name shares the most words with the path and ensemble name (a delivery-shaped
 * `…-webhook.json` first on a tie), else none.
 */
export function payloadFor(
  triggerPath: string,
  ensemble: string,
  input: SampleWebhookInput,
): string | undefined {
  const documented = input.examplesReadme ? documentedPayload(input.examplesReadme, triggerPath) : undefined;
  if (documented !== undefined) {
    const file = path.resolve(input.readmeBase, documented);
    if (input.inputFiles.includes(file)) return file;
  }
  const wanted = new Set([...words(triggerPath), ...words(ensemble)]);
  let best: { file: string; score: number } | undefined;
  for (const file of input.inputFiles) {
    const fileWords = words(path.basename(file, path.extname(file)));
    const shared = fileWords.filter((word) => wanted.has(word)).length;
    if (shared === 0) continue;
    const score =
      shared * 2 +
      (path
        .basename(file)
        .split(/[^a-z]+/i)
        .some((word) => DELIVERY_WORDS.has(singular(word.toLowerCase())))
        ? 1
        : 0);
    if (!best || score > best.score) best = { file, score };
  }
  return best?.file;
}

function documentedPayload(readme: string, triggerPath: string): string | undefined {
  for (const line of readme.split('\n')) {
    if (!line.includes(`webhook send ${triggerPath} `)) continue;
    const data = /--data @(\S+)/.exec(line);
    if (data) return data[1];
  }
  return undefined;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map(singular)
    .filter((word) => word.length > 1 && !GENERIC_WORDS.has(word));
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}
