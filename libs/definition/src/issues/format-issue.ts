import type { DefinitionIssue } from '@baton/model';

/** `file:line:col severity: message`, the form `baton validate` prints and editors link. */
export function formatIssue(issue: DefinitionIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.severity}: ${issue.message}`;
}
