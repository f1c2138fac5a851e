/** Webhook paths are unique within an ensemble and leave `/generic` to the generic endpoint. */
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';

export const RESERVED_WEBHOOK_PATHS = ['/generic'];

export function checkWebhookPaths(draft: EnsembleDraft, issues: IssueList): void {
  const seen = new Set<string>();
  draft.settings.triggers.forEach((trigger, index) => {
    if (trigger.type !== 'webhook') return;
    const at = { path: [...draft.paths.triggers[index], 'path'] };
    if (RESERVED_WEBHOOK_PATHS.includes(trigger.path)) {
      issues.error(
        'reserved-webhook-path',
        at,
        `webhook path '${trigger.path}' is reserved for POST /webhooks/generic`,
      );
    } else if (trigger.path === '/') {
      issues.error('invalid-value', at, 'a webhook trigger needs a path such as /hooks/orders');
    } else if (seen.has(trigger.path)) {
      issues.error(
        'duplicate-webhook-path',
        at,
        `webhook path '${trigger.path}' is used twice in this ensemble`,
      );
    }
    seen.add(trigger.path);
  });
}
