/**
 * What normalisation produces before the cross-cutting checks: the model's values (strings still
 * in token form), with the YAML path of everything an issue may point at.
 */
import type {
  EnsembleDefinition,
  LoopSpec,
  OnError,
  Operation,
  RetryPolicy,
  StateSpec,
  Value,
} from '@baton/model';
import type { YamlPath } from '../yaml/yaml-paths';

export interface NamedAt {
  readonly name: string;
  readonly path: YamlPath;
}

export interface AgentDraft {
  readonly name: string;
  /** The agent's mapping in the file. */
  readonly path: YamlPath;
  /** undefined when the operation is unknown (already reported). */
  readonly operation: Operation | undefined;
  readonly description?: string;
  readonly condition?: Value;
  readonly input?: Value;
  readonly config: { readonly [key: string]: Value };
  readonly loop?: LoopSpec;
  readonly retry: RetryPolicy;
  readonly timeoutMs?: number;
  readonly state?: StateSpec;
  /** As written; the default rule fills it in later. */
  readonly onError?: OnError;
  readonly after: readonly NamedAt[];
}

/** One step of the written order: a single agent, or a parallel group whose agents run together. */
export interface ExecutionEntry {
  readonly agents: readonly AgentDraft[];
  readonly parallel: boolean;
}

/** The ensemble-level part of the model, before agents, files and components are added. */
export type EnsembleSettings = Omit<
  EnsembleDefinition,
  'agents' | 'files' | 'components' | 'source' | 'inputSchema'
>;

export interface EnsembleDraft {
  readonly settings: EnsembleSettings;
  /** `input.schema` as written: an inline schema, or a reference resolved with the other files. */
  readonly inputSchema?: { readonly value: Value; readonly path: YamlPath };
  /** Every agent written (under `agents:` and inline in `flow:`), in written order. */
  readonly defined: readonly AgentDraft[];
  /** What runs, in order. */
  readonly entries: readonly ExecutionEntry[];
  readonly paths: {
    readonly triggers: readonly YamlPath[];
    readonly notifications: readonly YamlPath[];
    readonly output: YamlPath;
  };
}
