/**
 * Per-operation checks of an agent's config: unknown keys (warnings, with a suggestion), required
 * keys, literal durations, and the connections and templates it names.
 */
import { DURATION_HINT, parseDuration, type Value } from '@baton/model';
import type { IssueList } from '../issues/issue-list';
import type { AgentDraft, EnsembleDraft } from '../normalise/draft';
import { OPERATION_CONFIG } from '../operation-config-keys';
import { didYouMean } from '../suggestions';
import type { ExpressionTokens } from '../yaml/expression-tokens';
import type { YamlPath } from '../yaml/yaml-paths';

export function checkOperationConfigs(
  draft: EnsembleDraft,
  tokens: ExpressionTokens,
  issues: IssueList,
): void {
  for (const agent of draft.defined) {
    if (agent.operation === undefined) continue;
    const spec = OPERATION_CONFIG[agent.operation];
    const configPath = [...agent.path, 'config'];
    for (const key of Object.keys(agent.config)) {
      if (!spec.keys.includes(key)) {
        issues.warning(
          'unknown-config-key',
          { path: [...configPath, key], at: 'key' },
          `unknown config key '${key}' for operation ${agent.operation}${didYouMean(key, spec.keys)}; known keys: ${spec.keys.join(', ')}`,
        );
      }
    }
    for (const alternatives of spec.required) {
      if (alternatives.every((key) => agent.config[key] === undefined)) {
        const wanted = alternatives.map((key) => `config.${key}`).join(' or ');
        issues.error('missing-config', { path: configPath }, `operation ${agent.operation} needs ${wanted}`);
      }
    }
    for (const key of spec.durations) {
      const value = agent.config[key];
      if (isLiteral(value, tokens) && parseDuration(value) === undefined) {
        issues.error(
          'invalid-duration',
          { path: [...configPath, key] },
          `config.${key} must be ${DURATION_HINT}, not ${JSON.stringify(value)}`,
        );
      }
    }
    if (agent.operation === 'validate') checkValidateSchemaPresent(agent, issues);
    checkNamed(agent, draft, tokens, issues);
  }
}

function checkValidateSchemaPresent(agent: AgentDraft, issues: IssueList): void {
  if (validateSchemaOf(agent) === undefined) {
    issues.error(
      'missing-config',
      { path: agent.path },
      'operation validate needs input.schema: a JSON Schema, a file schemas/x.json, a schema name or ${component.NAME@VERSION}',
    );
  }
}

/** Where a validate agent's schema is written: `input.schema`, else `config.schema`. */
export function validateSchemaOf(
  agent: AgentDraft,
): { value: Value; path: readonly (string | number)[] } | undefined {
  const input = agent.input;
  if (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    (input as { schema?: Value }).schema !== undefined
  ) {
    return { value: (input as { schema: Value }).schema, path: [...agent.path, 'input', 'schema'] };
  }
  if (agent.config.schema !== undefined)
    return { value: agent.config.schema, path: [...agent.path, 'config', 'schema'] };
  return undefined;
}

/** `connection:` and `template:` (also `notify.template` of a wait) must name a declared one. */
function checkNamed(
  agent: AgentDraft,
  draft: EnsembleDraft,
  tokens: ExpressionTokens,
  issues: IssueList,
): void {
  const configPath = [...agent.path, 'config'];
  const connection = agent.config.connection;
  const connections = Object.keys(draft.settings.connections);
  if (isLiteral(connection, tokens) && typeof connection === 'string' && !connections.includes(connection)) {
    issues.error(
      'undefined-connection',
      { path: [...configPath, 'connection'] },
      `connection '${connection}' is not defined under connections${didYouMean(connection, connections)}`,
    );
  }
  const templates = Object.keys(draft.settings.templates);
  const notify = agent.config.notify;
  const named: [Value | undefined, YamlPath][] = [
    // an email agent's template may also be a file beside the ensemble (carried-files reports it)
    [agent.operation === 'email' ? undefined : agent.config.template, [...configPath, 'template']],
    [isObject(notify) ? notify.template : undefined, [...configPath, 'notify', 'template']],
  ];
  for (const [template, path] of named) {
    if (isLiteral(template, tokens) && typeof template === 'string' && !templates.includes(template)) {
      issues.error(
        'undefined-template',
        { path },
        `template '${template}' is not defined under templates${didYouMean(template, templates)}`,
      );
    }
  }
}

function isLiteral(value: Value | undefined, tokens: ExpressionTokens): boolean {
  if (value === undefined) return false;
  return typeof value !== 'string' || tokens.in(value).length === 0;
}

function isObject(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
