import { formatDependencyGraph, formatIssue } from '@baton/definition';
import { summarizeEnsemble } from './ensemble-summary';
import { errorsOf, isValid, warningsOf, type ValidationResult } from './validation-result';

export interface ReportOptions {
  /** Print each ensemble's dependency graph under its line. */
  readonly graph: boolean;
}

/** The text `baton validate` prints: the report on stdout, problems on stderr. */
export interface TextReport {
  readonly stdout: string;
  readonly stderr: string;
}

export function formatTextReport(result: ValidationResult, options: ReportOptions): TextReport {
  const summaries = result.ensembles.map(summarizeEnsemble);
  const nameWidth = Math.max(0, ...summaries.map((summary) => summary.name.length));
  const fileWidth = Math.max(0, ...summaries.map((summary) => summary.file.length));

  const out: string[] = [];
  result.ensembles.forEach((ensemble, index) => {
    const summary = summaries[index];
    const triggers = summary.triggers.length > 0 ? summary.triggers.join(', ') : 'no trigger (manual start)';
    out.push(
      `  ✓ ${summary.name.padEnd(nameWidth)}  ${summary.file.padEnd(fileWidth)}  ${plural(summary.agents, 'agent')}  ${triggers}`.trimEnd(),
    );
    if (options.graph) out.push(...indent(formatDependencyGraph(ensemble.definition)), '');
  });

  const err = result.issues.map(formatIssue);
  err.push(...result.emptyDirectories.map((dir) => `${dir}: no ensemble files (*.yaml, *.yml)`));

  const warnings = warningsOf(result).length;
  const warningNote = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
  if (isValid(result)) {
    const agents = summaries.reduce((sum, summary) => sum + summary.agents, 0);
    const triggers = summaries.reduce((sum, summary) => sum + summary.triggers.length, 0);
    out.push(
      `✓ ${plural(summaries.length, 'ensemble')} valid (${plural(agents, 'agent')}, ${plural(triggers, 'trigger')})${warningNote}`,
    );
  } else {
    const errors = errorsOf(result);
    const files = new Set(errors.map((issue) => issue.file)).size;
    const empty = result.emptyDirectories.length;
    const problems = [
      ...(errors.length > 0
        ? [`${plural(errors.length, 'error')}${warningNote} in ${plural(files, 'file')}`]
        : []),
      ...(empty > 0 ? [`${empty} ${empty === 1 ? 'directory' : 'directories'} without ensembles`] : []),
    ];
    err.push(`✗ ${problems.join(', ')}; ${plural(summaries.length, 'ensemble')} valid`);
  }
  return { stdout: lines(out), stderr: lines(err) };
}

/** The `--json` report: one object on stdout, for scripts and editors. */
export function formatJsonReport(result: ValidationResult, options: ReportOptions): string {
  const report = {
    valid: isValid(result),
    errors: errorsOf(result).length,
    warnings: warningsOf(result).length,
    ensembles: result.ensembles.map((ensemble) => ({
      ...summarizeEnsemble(ensemble),
      ...(options.graph ? { graph: formatDependencyGraph(ensemble.definition) } : {}),
    })),
    issues: result.issues,
    emptyDirectories: result.emptyDirectories,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function indent(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`);
}

function lines(list: readonly string[]): string {
  return list.length > 0 ? `${list.join('\n')}\n` : '';
}
