/**
 * Plain YAML data → EnsembleDto (class-transformer) → class-validator, with every validation error
 * reported as an issue at the YAML node it concerns.
 */
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import type { IssueList } from '../issues/issue-list';
import type { Operation } from '@baton/model';
import { OPERATION_CONFIG } from '../operation-config-keys';
import { didYouMean } from '../suggestions';
import type { ExpressionTokens } from '../yaml/expression-tokens';
import type { PathSegment, YamlPath } from '../yaml/yaml-paths';
import { AgentDto } from './agent.dto';
import { hasOpenKeys } from './constraints/open-keys';
import { IN_PARENT, isMapping, PATH } from './constraints/rule';
import { EnsembleDto, EXTENSION_PREFIX } from './ensemble.dto';

export function validateEnsembleDto(
  plain: unknown,
  issues: IssueList,
  tokens: ExpressionTokens,
): EnsembleDto | undefined {
  if (!isMapping(plain)) {
    issues.error(
      'invalid-document',
      { path: [] },
      'an ensemble file must be a mapping with ensemble:, agents: and the other keys of dsl.md',
    );
    return undefined;
  }
  const dto = plainToInstance(EnsembleDto, plain);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  for (const error of errors) report(error, [], dto, issues, tokens);
  return dto;
}

function report(
  error: ValidationError,
  parentPath: YamlPath,
  parent: unknown,
  issues: IssueList,
  tokens: ExpressionTokens,
): void {
  const path = error.property === undefined ? parentPath : [...parentPath, segment(error.property, parent)];
  const constraints = error.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.includes('whitelistValidation')) {
    if (!hasOpenKeys(parent as object) && !isExtensionKey(error.property, parent)) {
      reportUnknownKey(error.property, parent as object, path, issues);
    }
  } else if (names.length > 0) {
    const name = names.includes('isDefined') ? 'isDefined' : names[0];
    const code = (error.contexts?.[name] as { code?: string } | undefined)?.code ?? codeOf(name);
    const message = name === 'unknownValue' ? `${PATH} has an unexpected shape` : constraints[name];
    const at = code === 'conflicting-keys' ? 'key' : 'value';
    issues.error(code, { path, at }, tokens.restore(message));
  }
  for (const child of error.children ?? []) report(child, path, error.value, issues, tokens);
}

function reportUnknownKey(key: string, dto: object, path: YamlPath, issues: IssueList): void {
  const hint = configKeyHint(key, dto) ?? didYouMean(key, knownKeys(dto));
  issues.error('unknown-key', { path, at: 'key' }, `unknown key '${key}'${IN_PARENT}${hint}`);
}

/** Top-level `x-…` keys are free for the author, e.g. to hold YAML anchors (as in docker-compose). */
function isExtensionKey(key: string, dto: unknown): boolean {
  return dto instanceof EnsembleDto && key.startsWith(EXTENSION_PREFIX);
}

/** A config key written directly on the agent (`url:` beside `operation: http`) belongs under config:. */
function configKeyHint(key: string, dto: object): string | undefined {
  if (!(dto instanceof AgentDto) || !Object.hasOwn(OPERATION_CONFIG, dto.operation)) return undefined;
  const spec = OPERATION_CONFIG[dto.operation as Operation];
  return spec.keys.includes(key) ? ` (did you mean config.${key}?)` : undefined;
}

/** The keys a DTO accepts: every property that carries a decorator. */
function knownKeys(dto: object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto.constructor, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

function segment(property: string, parent: unknown): PathSegment {
  return Array.isArray(parent) ? Number(property) : property;
}

function codeOf(constraint: string): string {
  return constraint === 'isDefined' ? 'missing-key' : 'invalid-value';
}
