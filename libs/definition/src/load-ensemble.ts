/**
 * The loader: YAML text → a checked, normalised, frozen EnsembleDefinition, or every issue found,
 * each with the file, line and column of the original text.
 */
import { parseDocument } from 'yaml';
import { assembleDefinition } from './assemble-definition';
import { collectCarriedFiles } from './carried-files/collect-carried-files';
import type { ReadFile } from './carried-files/file-source';
import { checkAgentNames } from './checks/agent-names';
import { checkCronSchedules } from './checks/cron-schedules';
import { checkOperationConfigs } from './checks/operation-config';
import { checkStateKeys } from './checks/state-keys';
import { checkDatabaseTriggers } from './checks/database-triggers';
import { checkWebhookPaths } from './checks/webhook-paths';
import { validateEnsembleDto } from './dto/validate-ensemble-dto';
import { planExecution } from './graph/execution-plan';
import { IssueList } from './issues/issue-list';
import { SourceLocator } from './issues/source-locator';
import type { LoadResult } from './load-result';
import type { DefinitionIssue, IssueSeverity } from '@baton/model';
import { normaliseEnsemble } from './normalise/normalise-ensemble';
import { agentsWithHandledFailure } from './on-error-default';
import { checkNames } from './references/check-names';
import { collectExpressionUses } from './references/expression-uses';
import { protectExpressions } from './text/protected-text';
import { ExpressionTokens } from './yaml/expression-tokens';
import { flowNestingTooDeepAt, YAML_LIMITS, yamlLimitProblem } from './yaml/yaml-limits';
import type { YamlPath } from './yaml/yaml-paths';

export interface LoadRequest {
  readonly text: string;
  readonly file: string;
  readonly source: string;
  readonly readFile: ReadFile;
}

/** One loaded file, with what a check across several files needs to point into it. */
export interface LoadedFile {
  readonly result: LoadResult;
  readonly issueAt: (
    severity: IssueSeverity,
    code: string,
    path: YamlPath,
    message: string,
  ) => DefinitionIssue;
  /** YAML path of each trigger of the definition, in order. */
  readonly triggerPaths: readonly YamlPath[];
  /** YAML path of the ensemble's name (`ensemble` or its alias `name`). */
  readonly namePath: YamlPath;
}

/** A file that could not be read at all. */
export function unreadableFile(file: string, message: string): LoadedFile {
  const locator = new SourceLocator(undefined, undefined, '');
  const issues = new IssueList(file, locator);
  issues.error('missing-file', { path: [] }, message);
  return {
    result: { ok: false, issues: issues.all() },
    issueAt: issueMaker(file, locator),
    triggerPaths: [],
    namePath: ['ensemble'],
  };
}

// uniqueKeys is checked by yamlLimitProblem, in linear time.
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, version: '1.2' } as const;
const STACK_OVERFLOW = /maximum call stack|stack overflow/i;

export function loadEnsemble(request: LoadRequest): LoadedFile {
  const refused = (issues: IssueList, locator: SourceLocator): LoadedFile => ({
    result: { ok: false, issues: issues.all() },
    issueAt: issueMaker(request.file, locator),
    triggerPaths: [],
    namePath: ['ensemble'],
  });

  const protection = protectExpressions(request.text);
  if (!protection.ok) {
    const locator = new SourceLocator(undefined, undefined, request.text);
    const issues = new IssueList(request.file, locator);
    issues.error('invalid-expression', { path: [], originalOffset: protection.offset }, protection.message);
    return refused(issues, locator);
  }
  const protectedText = protection.value;
  const tooDeepAt = flowNestingTooDeepAt(protectedText.text);
  if (tooDeepAt !== undefined) {
    const locator = new SourceLocator(protectedText, undefined, request.text);
    const issues = new IssueList(request.file, locator);
    issues.error(
      'yaml-too-deep',
      { path: [], protectedOffset: tooDeepAt },
      `the document is nested deeper than ${YAML_LIMITS.maxDepth} levels`,
    );
    return refused(issues, locator);
  }
  const document = parseDocument(protectedText.text, YAML_OPTIONS);
  const locator = new SourceLocator(protectedText, document, request.text);
  const issues = new IssueList(request.file, locator);
  for (const error of document.errors) {
    // The parser recurses per nesting level and reports its own stack overflow as an error.
    const [code, message] = STACK_OVERFLOW.test(error.message)
      ? ['yaml-too-deep', `the document is nested too deeply (the limit is ${YAML_LIMITS.maxDepth} levels)`]
      : ['yaml-syntax', error.message];
    issues.error(code, { path: [], protectedOffset: error.pos[0] }, message);
  }
  for (const warning of document.warnings)
    issues.warning('yaml-warning', { path: [], protectedOffset: warning.pos[0] }, warning.message);
  if (document.errors.length > 0) return refused(issues, locator);
  if (request.text.trim() === '' || document.contents === null) {
    issues.error(
      'empty-file',
      { path: [] },
      'the file is empty: an ensemble needs at least ensemble: and agents:',
    );
    return refused(issues, locator);
  }

  const limit = yamlLimitProblem(document);
  if (limit !== undefined) {
    issues.error(limit.code, { path: [], protectedOffset: limit.offset }, limit.message);
    return refused(issues, locator);
  }

  const tokens = new ExpressionTokens(protectedText, document);
  // The limits above are stricter than yaml's own alias checks, which stay on as a second net.
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasedNodes });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    issues.error('yaml-aliases', { path: [] }, error.message);
    return refused(issues, locator);
  }
  const dto = validateEnsembleDto(data, issues, tokens);
  if (!dto) return refused(issues, locator);
  const draft = normaliseEnsemble(dto, issues);
  checkAgentNames(draft, issues, locator);
  const uses = collectExpressionUses(draft, tokens, issues);
  checkNames(draft, uses, issues);
  checkOperationConfigs(draft, tokens, issues);
  checkStateKeys(draft, uses, issues);
  checkWebhookPaths(draft, issues);
  checkCronSchedules(draft, issues);
  checkDatabaseTriggers(draft, issues);
  const plan = planExecution(draft, uses, issues);
  const carried = collectCarriedFiles(draft, uses, tokens, request.readFile, issues);
  const loaded = {
    issueAt: issueMaker(request.file, locator),
    triggerPaths: draft.paths.triggers,
    namePath: [dto.ensemble !== undefined ? 'ensemble' : 'name'],
  };
  if (issues.hasErrors) return { ...loaded, result: { ok: false, issues: issues.all() } };

  const defined = new Set(draft.defined.map((agent) => agent.name));
  const definition = assembleDefinition({
    draft,
    plan,
    carried,
    handledFailures: agentsWithHandledFailure(uses, defined),
    tokens,
    locator,
    file: request.file,
    source: request.source,
  });
  return { ...loaded, result: { ok: true, definition, warnings: issues.warnings() } };
}

function issueMaker(file: string, locator: SourceLocator): LoadedFile['issueAt'] {
  return (severity, code, path, message) => {
    const issues = new IssueList(file, locator);
    if (severity === 'error') issues.error(code, { path }, message);
    else issues.warning(code, { path }, message);
    return issues.all()[0];
  };
}
