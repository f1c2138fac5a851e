/**
 * When `state.schema` declares the run's state, agents may set only declared keys (an error), and
 * reading an undeclared key is most likely a typo (a warning).
 */
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';
import type { ExpressionUse } from '../references/expression-uses';
import { nameIndex } from '../references/expression-uses';
import { didYouMean } from '../suggestions';

export function checkStateKeys(
  draft: EnsembleDraft,
  uses: readonly ExpressionUse[],
  issues: IssueList,
): void {
  const declared = Object.keys(draft.settings.stateSchema);
  if (declared.length === 0) return;
  const undeclared = (key: string) => !declared.includes(key);
  for (const agent of draft.defined) {
    const set = agent.state?.set;
    const setPath = [...agent.path, 'state', 'set'];
    const written =
      set?.form === 'map' ? Object.keys(set.values).map((key) => ({ key, path: [...setPath, key] })) : [];
    const listed =
      set?.form === 'list' ? set.keys.map((key, index) => ({ key, path: [...setPath, index] })) : [];
    for (const { key, path } of [...written, ...listed].filter((entry) => undeclared(entry.key))) {
      issues.error(
        'undeclared-state-key',
        { path, at: set?.form === 'map' ? 'key' : 'value' },
        `agent '${agent.name}' sets state key '${key}', which state.schema does not declare${didYouMean(key, declared)}`,
      );
    }
    (agent.state?.use ?? []).forEach((key, index) => {
      if (undeclared(key)) {
        issues.warning(
          'undeclared-state-key',
          { path: [...agent.path, 'state', 'use', index] },
          `agent '${agent.name}' uses state key '${key}', which state.schema does not declare${didYouMean(key, declared)}`,
        );
      }
    });
  }
  for (const use of uses) {
    for (const chain of use.expression.references) {
      if (chain[0] === 'state' && chain.length > 1 && undeclared(chain[1])) {
        const offset = use.token.originalOffset(nameIndex(use.token.source, 'state'));
        issues.warning(
          'undeclared-state-key',
          { path: use.path, originalOffset: offset },
          `state key '${chain[1]}' is read but state.schema does not declare it${didYouMean(chain[1], declared)}`,
        );
      }
    }
  }
}
