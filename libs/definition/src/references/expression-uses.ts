/**
 * Every `${…}` of the ensemble, compiled, with where it is used: which agent field or which
 * ensemble-level key, and the YAML path of the string holding it. An expression that does not
 * compile is reported at its exact line and column and left out.
 */
import { compileExpression, type Expression, ExpressionError } from '@baton/expressions';
import type { IssueList } from '../issues/issue-list';
import { templatedConfig, type Value } from '@baton/model';
import type { AgentDraft, EnsembleDraft } from '../normalise/draft';
import type { ExpressionToken, ExpressionTokens } from '../yaml/expression-tokens';
import type { YamlPath } from '../yaml/yaml-paths';

export type AgentField = 'condition' | 'input' | 'config' | 'loop' | 'state.set';

export type UseSite =
  | { readonly kind: 'agent'; readonly agent: AgentDraft; readonly field: AgentField }
  | { readonly kind: 'output' }
  | { readonly kind: 'notification' }
  | { readonly kind: 'webhook-trigger' }
  | { readonly kind: 'cron-trigger' }
  | { readonly kind: 'concurrency' }
  | { readonly kind: 'connection' }
  | { readonly kind: 'template' }
  | { readonly kind: 'input-schema' };

export interface ExpressionUse {
  readonly site: UseSite;
  /** The string holding the expression. */
  readonly path: YamlPath;
  readonly token: ExpressionToken;
  readonly expression: Expression;
}

export function collectExpressionUses(
  draft: EnsembleDraft,
  tokens: ExpressionTokens,
  issues: IssueList,
): ExpressionUse[] {
  const uses: ExpressionUse[] = [];
  const add = (site: UseSite, value: Value | undefined, path: YamlPath): void => {
    forEachString(value, path, (text, at) => {
      for (const token of tokens.in(text)) {
        const expression = compiled(token, at, issues);
        if (expression) uses.push({ site, path: at, token, expression });
      }
    });
  };

  for (const agent of draft.defined) {
    const site = (field: AgentField): UseSite => ({ kind: 'agent', agent, field });
    add(site('condition'), agent.condition, [...agent.path, 'condition']);
    add(site('input'), agent.input, [...agent.path, 'input']);
    add(site('config'), templatedConfig({ operation: agent.operation, config: agent.config }), [
      ...agent.path,
      'config',
    ]);
    add(site('loop'), agent.loop?.items, [...agent.path, 'loop', 'items']);
    if (agent.state?.set?.form === 'map')
      add(site('state.set'), agent.state.set.values, [...agent.path, 'state', 'set']);
  }

  const settings = draft.settings;
  add({ kind: 'output' }, settings.output, draft.paths.output);
  settings.notifications.forEach((notification, index) => {
    add({ kind: 'notification' }, notification as unknown as Value, draft.paths.notifications[index]);
  });
  settings.triggers.forEach((trigger, index) => {
    const path = draft.paths.triggers[index];
    if (trigger.type === 'webhook') {
      add({ kind: 'webhook-trigger' }, trigger.auth.secret, [...path, 'auth', 'secret']);
      add({ kind: 'webhook-trigger' }, trigger.dedupe, [...path, 'dedupe']);
      add({ kind: 'webhook-trigger' }, trigger.input, [...path, 'input']);
    } else if (trigger.type === 'cron') {
      add({ kind: 'cron-trigger' }, trigger.input, [...path, 'input']);
    }
  });
  add({ kind: 'concurrency' }, settings.concurrency?.key, ['concurrency', 'key']);
  for (const [name, connection] of Object.entries(settings.connections)) {
    add({ kind: 'connection' }, connection as Value, ['connections', name]);
  }
  for (const [name, template] of Object.entries(settings.templates)) {
    add({ kind: 'template' }, template as Value, ['templates', name]);
  }
  add({ kind: 'input-schema' }, draft.inputSchema?.value, ['input', 'schema']);
  return uses;
}

function compiled(token: ExpressionToken, path: YamlPath, issues: IssueList): Expression | undefined {
  try {
    return compileExpression(token.source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issues.error(
      'invalid-expression',
      { path, originalOffset: token.originalOffset(error.index ?? 0) },
      `invalid expression: ${error.message}`,
    );
    return undefined;
  }
}

/** Calls `visit` with every string inside a value (keys excluded) and its path. */
export function forEachString(
  value: Value | undefined,
  path: YamlPath,
  visit: (text: string, path: YamlPath) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => forEachString(item, [...path, index], visit));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) forEachString(item, [...path, key], visit);
  }
}

/** Offset of the first use of a root name in an expression's source (0 when it cannot be found). */
export function nameIndex(source: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])(?!-[A-Za-z_])`).exec(source);
  return match ? match.index : 0;
}
