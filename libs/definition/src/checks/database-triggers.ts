/** A database trigger's `connection` must name a `postgres` connection of the ensemble. */
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';
import { didYouMean } from '../suggestions';

export function checkDatabaseTriggers(draft: EnsembleDraft, issues: IssueList): void {
  const connections = draft.settings.connections;
  const names = Object.keys(connections);
  draft.settings.triggers.forEach((trigger, index) => {
    if (trigger.type !== 'database' || trigger.connection === undefined) return;
    const at = { path: [...draft.paths.triggers[index], 'connection'] };
    const connection = Object.hasOwn(connections, trigger.connection)
      ? connections[trigger.connection]
      : undefined;
    if (connection === undefined) {
      issues.error(
        'undefined-connection',
        at,
        `connection '${trigger.connection}' is not defined under connections${didYouMean(trigger.connection, names)}`,
      );
    } else if (connection.type !== 'postgres') {
      issues.error(
        'invalid-connection',
        at,
        `connection '${trigger.connection}' is of type '${connection.type}': a database trigger needs a postgres connection`,
      );
    }
  });
}
