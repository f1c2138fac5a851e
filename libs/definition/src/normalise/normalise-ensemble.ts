/** EnsembleDto → EnsembleDraft: aliases resolved and defaults filled in (dsl.md "Ensemble-level keys"). */
import { ConcurrencyDto, CONCURRENCY_POLICIES } from '../dto/concurrency.dto';
import type { EnsembleDto } from '../dto/ensemble.dto';
import { EnsembleInputDto } from '../dto/input.dto';
import { EnsembleStateDto } from '../dto/ensemble-state.dto';
import {
  parseDuration,
  STATE_TYPES,
  type ConcurrencyPolicy,
  type Connection,
  type NotificationDefinition,
  type StateType,
  type TemplateDefinition,
  type Trigger,
  type Value,
} from '@baton/model';
import type { IssueList } from '../issues/issue-list';
import { didYouMean } from '../suggestions';
import type { YamlPath } from '../yaml/yaml-paths';
import type { EnsembleDraft, EnsembleSettings } from './draft';
import { executionEntries } from './execution-entries';
import { normaliseNotification } from './normalise-notifications';
import { normaliseTrigger } from './normalise-triggers';
import {
  integerOr,
  optionalValue,
  plainMapping,
  plainValue,
  stringOr,
  withoutUndefined,
} from './plain-value';

export const DEFAULT_RUN_TIMEOUT_MS = 3_600_000;
export const DEFAULT_CONCURRENCY_LIMIT = 1;

export function normaliseEnsemble(dto: EnsembleDto, issues: IssueList): EnsembleDraft {
  const name = typeof dto.ensemble === 'string' ? dto.ensemble : typeof dto.name === 'string' ? dto.name : '';
  const triggerKey = dto.trigger !== undefined ? 'trigger' : 'triggers';
  const triggers = listed(dto.trigger ?? dto.triggers, triggerKey, normaliseTrigger);
  const notifications = listed(dto.notifications, 'notifications', normaliseNotification);
  const written = executionEntries(dto, issues);
  const settings: EnsembleSettings = withoutUndefined({
    name,
    description: typeof dto.description === 'string' ? dto.description : undefined,
    version:
      typeof dto.version === 'string' || typeof dto.version === 'number' ? String(dto.version) : undefined,
    execution: dto.execution === 'graph' ? ('graph' as const) : ('sequential' as const),
    timeoutMs: parseDuration(dto.timeout) ?? DEFAULT_RUN_TIMEOUT_MS,
    triggers: triggers.items as Trigger[],
    concurrency: dto.concurrency instanceof ConcurrencyDto ? concurrency(dto.concurrency, name) : undefined,
    stateSchema: stateSchema(dto.state, issues),
    connections: named<Connection>(dto.connections),
    templates: templates(dto.templates),
    notifications: notifications.items as NotificationDefinition[],
    output: optionalValue(dto.output ?? dto.outputs),
  });
  const schema = dto.input instanceof EnsembleInputDto ? dto.input.schema : undefined;
  return {
    settings,
    inputSchema: schema === undefined ? undefined : { value: plainValue(schema), path: ['input', 'schema'] },
    defined: written.defined,
    entries: written.entries,
    paths: {
      triggers: triggers.paths,
      notifications: notifications.paths,
      output: [dto.output !== undefined ? 'output' : 'outputs'],
    },
  };
}

/** Normalises each item of a list, keeping the path of each one that is valid. */
function listed<T>(
  written: unknown,
  key: string,
  normalise: (dto: unknown) => T | undefined,
): { items: T[]; paths: YamlPath[] } {
  const items: T[] = [];
  const paths: YamlPath[] = [];
  if (!Array.isArray(written)) return { items, paths };
  written.forEach((dto, index) => {
    const item = normalise(dto);
    if (item !== undefined) {
      items.push(item);
      paths.push([key, index]);
    }
  });
  return { items, paths };
}

/** Without a key, every run of the ensemble shares one group (a global limit). */
function concurrency(dto: ConcurrencyDto, ensembleName: string): EnsembleSettings['concurrency'] {
  return {
    key: dto.key === undefined ? ensembleName : plainValue(dto.key),
    limit: integerOr(dto.limit, DEFAULT_CONCURRENCY_LIMIT),
    onNew: stringOr<ConcurrencyPolicy>(dto.onNew, CONCURRENCY_POLICIES, 'queue'),
  };
}

function stateSchema(dto: unknown, issues: IssueList): { [key: string]: StateType } {
  if (!(dto instanceof EnsembleStateDto)) return {};
  const schema: { [key: string]: StateType } = {};
  for (const [key, type] of Object.entries(plainMapping(dto.schema))) {
    if (typeof type === 'string' && (STATE_TYPES as readonly string[]).includes(type)) {
      schema[key] = type as StateType;
    } else {
      const written = typeof type === 'string' ? `'${type}'` : JSON.stringify(type);
      issues.error(
        'unknown-state-type',
        { path: ['state', 'schema', key] },
        `state key '${key}' has unknown type ${written}${typeof type === 'string' ? didYouMean(type, STATE_TYPES) : ''}; expected one of ${STATE_TYPES.join(', ')}`,
      );
    }
  }
  return schema;
}

/** The flat `{ type: http, method, url, … }` spelling becomes `{ type: http-request, request: { … } }`. */
function templates(written: unknown): { [name: string]: TemplateDefinition } {
  const entries = named<{ readonly type: string; readonly [key: string]: Value }>(written);
  return Object.fromEntries(
    Object.entries(entries).map(([name, template]) => {
      if (template.type !== 'http') return [name, template as TemplateDefinition];
      const { type: _flat, ...request } = template;
      return [name, { type: 'http-request', request }];
    }),
  );
}

function named<T>(written: unknown): { [name: string]: T } {
  if (!(written instanceof Map)) return {};
  return Object.fromEntries([...written].map(([name, dto]) => [name, plainValue(dto) as T]));
}
