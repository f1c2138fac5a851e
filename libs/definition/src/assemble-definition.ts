/** The checked draft, plan and carried files → the model: tokens restored, plain JSON, deep-frozen. */
import type { CarriedFiles } from './carried-files/collect-carried-files';
import { deepFreeze } from './deep-freeze';
import type { PlannedAgent } from './graph/execution-plan';
import type { SourceLocator } from './issues/source-locator';
import type { AgentDefinition, EnsembleDefinition, Operation } from '@baton/model';
import type { EnsembleDraft } from './normalise/draft';
import { withoutUndefined } from './normalise/plain-value';
import { defaultOnError } from './on-error-default';
import type { ExpressionTokens } from './yaml/expression-tokens';

export interface AssemblyInput {
  readonly draft: EnsembleDraft;
  readonly plan: readonly PlannedAgent[];
  readonly carried: CarriedFiles;
  /** Agents whose `.success`, `.failed` or `.error` some expression reads. */
  readonly handledFailures: ReadonlySet<string>;
  readonly tokens: ExpressionTokens;
  readonly locator: SourceLocator;
  readonly file: string;
  readonly source: string;
}

export function assembleDefinition(input: AssemblyInput): EnsembleDefinition {
  const { draft, carried, tokens } = input;
  const agents = input.plan.map((planned) => agentDefinition(planned, input));
  const definition: EnsembleDefinition = withoutUndefined({
    ...tokens.restoreDeep(draft.settings),
    inputSchema: carried.inputSchema === undefined ? undefined : tokens.restoreDeep(carried.inputSchema),
    agents: tokens.restoreDeep(agents),
    files: { ...carried.files },
    components: { ...carried.components },
    source: input.source,
  });
  return deepFreeze(definition);
}

function agentDefinition(planned: PlannedAgent, input: AssemblyInput): AgentDefinition {
  const { agent, dependsOn, references } = planned;
  const position = input.locator.atPath(agent.path);
  const script = input.carried.scripts.get(agent.name);
  return withoutUndefined({
    name: agent.name,
    operation: agent.operation as Operation,
    description: agent.description,
    condition: agent.condition,
    input: agent.input,
    // the script as the revision carries it, so workers find it in `files` without resolving again
    config: script === undefined ? agent.config : { ...agent.config, script },
    loop: agent.loop,
    retry: agent.retry,
    timeoutMs: agent.timeoutMs,
    state: agent.state,
    onError: defaultOnError(agent.onError, agent.name, input.handledFailures),
    dependsOn,
    references,
    location: { file: input.file, line: position.line, column: position.column },
  });
}
