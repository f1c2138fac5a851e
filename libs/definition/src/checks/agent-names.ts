/** Agent names are unique, and none hides a name that expressions already give a meaning to. */
import { GLOBAL_NAMES, SCOPE_NAMES } from '@baton/expressions';
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';
import type { SourceLocator } from '../issues/source-locator';

export function checkAgentNames(draft: EnsembleDraft, issues: IssueList, locator: SourceLocator): void {
  const first = new Map<string, (string | number)[]>();
  for (const agent of draft.defined) {
    if (agent.name === '') continue;
    const namePath = [...agent.path, 'name'];
    const earlier = first.get(agent.name);
    if (earlier) {
      const where = locator.atPath(earlier);
      issues.error(
        'duplicate-agent',
        { path: namePath },
        `duplicate agent name '${agent.name}' (first defined at line ${where.line})`,
      );
      continue;
    }
    first.set(agent.name, namePath);
    if (/-[0-9]/.test(agent.name)) {
      issues.warning(
        'unreadable-name',
        { path: namePath },
        `agent '${agent.name}' cannot be named in expressions: a hyphen before a digit reads as subtraction; rename it (e.g. '${agent.name.replace(/-(?=[0-9])/g, '')}') to use its output`,
      );
    }
    if (SCOPE_NAMES.has(agent.name) || GLOBAL_NAMES.has(agent.name)) {
      issues.error(
        'reserved-name',
        { path: namePath },
        `'${agent.name}' cannot be an agent name: expressions already use it for something else`,
      );
    }
  }
}
