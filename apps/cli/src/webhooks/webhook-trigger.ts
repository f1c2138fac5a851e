import type { Baton } from '@baton/client';
import { describeFailure } from '../ingress/baton-client';

/** A webhook trigger of a registered ensemble, as `GET /api/ensembles` lists it. */
export interface WebhookTrigger {
  readonly ensemble: string;
  /** As registered: `/hooks/router`. */
  readonly path: string;
  readonly scheme?: string;
  readonly header?: string;
  /** The variable its secret is read from (`${env.ROUTER_WEBHOOK_SECRET}` → `ROUTER_WEBHOOK_SECRET`). */
  readonly secretVariable?: string;
}

export type TriggerLookup =
  | { readonly found: true; readonly trigger: WebhookTrigger }
  | { readonly found: false; readonly reason: string };

const ENV_SECRET = /^\$\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;

/** `${env.NAME}` → `NAME`: the variable a trigger's secret comes from, when it is written that way. */
export function secretVariableOf(trigger: {
  readonly auth?: { readonly secret?: unknown };
}): string | undefined {
  const secret = trigger.auth?.secret;
  return typeof secret === 'string' ? ENV_SECRET.exec(secret)?.[1] : undefined;
}

/**
 * The registered trigger at `path`, read from ingress: the scheme, signature header and secret
 * variable `webhook send` signs with unless told otherwise. A path pasted with its `/webhooks`
 * prefix (as `start` prints the URL) finds its trigger too.
 */
export async function findWebhookTrigger(baton: Baton, path: string): Promise<TriggerLookup> {
  let ensembles;
  try {
    ensembles = await baton.ensembles.list();
  } catch (error) {
    const reason = describeFailure(error);
    if (reason === undefined) throw error;
    return { found: false, reason: `the registered triggers could not be read (${reason.split('\n')[0]})` };
  }
  const triggers = ensembles.flatMap((ensemble) =>
    ensemble.triggers
      .filter((trigger) => trigger.type === 'webhook' && typeof trigger.path === 'string')
      .map((trigger) => ({ ensemble: ensemble.name, trigger })),
  );
  const unprefixed = path.startsWith('/webhooks/') ? path.slice('/webhooks'.length) : undefined;
  const match =
    triggers.find(({ trigger }) => trigger.path === path) ??
    triggers.find(({ trigger }) => unprefixed !== undefined && trigger.path === unprefixed);
  if (!match) return { found: false, reason: `no registered ensemble has a webhook trigger at ${path}` };
  const { trigger, ensemble } = match;
  return {
    found: true,
    trigger: {
      ensemble,
      path: trigger.path as string,
      scheme: trigger.auth?.scheme,
      header: trigger.auth?.header,
      secretVariable: secretVariableOf(trigger),
    },
  };
}
