/** A cron expression that is valid but matches no date (`0 0 30 2 *`) is worth a warning: it never fires. */
import { cronNeverFires } from '@baton/model';
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';

export function checkCronSchedules(draft: EnsembleDraft, issues: IssueList, now: Date = new Date()): void {
  draft.settings.triggers.forEach((trigger, index) => {
    if (trigger.type !== 'cron' || !cronNeverFires(trigger, now)) return;
    issues.warning(
      'cron-never-fires',
      { path: [...draft.paths.triggers[index], 'cron'] },
      `cron '${trigger.cron}' never fires: no date matches it${trigger.timezone === 'UTC' ? '' : ` in ${trigger.timezone}`}`,
    );
  });
}
