import { join } from 'node:path';
import type * as OctokitWebhooksMethods from '@octokit/webhooks-methods/dist-types/index';

/**
 * GitHub's own verifier, for specs. The package exports only an `import` condition, which neither
 * Jest's CommonJS resolver nor `moduleResolution: node10` matches, so its entry file is loaded by path.
 */
export async function loadOctokitWebhooksMethods(): Promise<typeof OctokitWebhooksMethods> {
  const entry = join(__dirname, '../../../../node_modules/@octokit/webhooks-methods/dist-node/index.js');
  return (await import(entry)) as typeof OctokitWebhooksMethods;
}
