/**
 * Collects the issues of one file, each placed at a line and column of the original text. Messages
 * may hold `{path}` (the readable path of the target) and `{in}` (` in <enclosing path>`).
 */
import type { DefinitionIssue, IssueSeverity } from '@baton/model';
import { IN_PARENT, PATH } from '../dto/constraints/rule';
import type { YamlPath } from '../yaml/yaml-paths';
import type { Position, SourceLocator } from './source-locator';

/** Where an issue points: a path (at its value or its key), or an exact offset in the original text. */
export type IssueTarget =
  | { readonly path: YamlPath; readonly at?: 'key' | 'value' }
  | { readonly path: YamlPath; readonly originalOffset: number }
  | { readonly path: YamlPath; readonly protectedOffset: number };

/**
 * Issues recorded per file. A hostile file can hold thousands of mistakes (5,000 unknown keys took
 * the loader seconds to place); like a compiler, the list stops after this many.
 */
export const MAX_ISSUES = 100;

export class IssueList {
  private readonly issues: DefinitionIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly locator: SourceLocator,
  ) {}

  error(code: string, target: IssueTarget, message: string): void {
    this.add('error', code, target, message);
  }

  warning(code: string, target: IssueTarget, message: string): void {
    this.add('warning', code, target, message);
  }

  private overflowErrors = false;

  get hasErrors(): boolean {
    return this.overflowErrors || this.issues.some((issue) => issue.severity === 'error');
  }

  /** Every issue once, in file order. */
  all(): DefinitionIssue[] {
    const seen = new Set<string>();
    return this.issues
      .filter((issue) => {
        const key = `${issue.line}:${issue.column}:${issue.code}:${issue.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  }

  warnings(): DefinitionIssue[] {
    return this.all().filter((issue) => issue.severity === 'warning');
  }

  private add(severity: IssueSeverity, code: string, target: IssueTarget, message: string): void {
    // Errors beyond the cap are still counted as errors (the file is refused), just not placed.
    if (this.issues.length >= MAX_ISSUES) {
      if (severity === 'error') this.overflowErrors = true;
      return;
    }
    const position = this.position(target);
    const text = message
      .replaceAll(PATH, position.path === '' ? 'the file' : position.path)
      .replaceAll(IN_PARENT, this.inParent(target.path));
    this.issues.push({
      file: this.file,
      line: position.line,
      column: position.column,
      severity,
      code,
      path: position.path,
      message: text,
    });
  }

  private inParent(path: YamlPath): string {
    if (path.length <= 1) return '';
    return ` in ${this.locator.atPath(path.slice(0, -1)).path}`;
  }

  private position(target: IssueTarget): Position {
    if ('originalOffset' in target) return this.locator.atOriginalOffset(target.originalOffset, target.path);
    if ('protectedOffset' in target)
      return this.locator.atProtectedOffset(target.protectedOffset, target.path);
    return this.locator.atPath(target.path, target.at);
  }
}
