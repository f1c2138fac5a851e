/** AgentDto → AgentDraft: aliases resolved, defaults filled in, durations in milliseconds. */
import type { AgentDto } from '../dto/agent.dto';
import { AgentStateDto } from '../dto/agent-state.dto';
import { LoopDto } from '../dto/loop.dto';
import { BACKOFFS, RetryDto } from '../dto/retry.dto';
import {
  parseDuration,
  OPERATIONS,
  type Backoff,
  type LoopSpec,
  type Operation,
  type RetryPolicy,
  type StateSpec,
} from '@baton/model';
import type { YamlPath } from '../yaml/yaml-paths';
import type { AgentDraft, NamedAt } from './draft';
import {
  integerOr,
  optionalValue,
  plainMapping,
  plainValue,
  stringOr,
  withoutUndefined,
} from './plain-value';

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 1, backoff: 'exponential', initialDelayMs: 1000 };
export const DEFAULT_LOOP_CONCURRENCY = 10;

export function normaliseAgent(dto: AgentDto, path: YamlPath): AgentDraft {
  const afterKey = dto.after !== undefined ? 'after' : 'depends_on';
  const after = dto.after ?? dto.depends_on;
  return withoutUndefined({
    name: typeof dto.name === 'string' ? dto.name : '',
    path,
    operation: (OPERATIONS as readonly unknown[]).includes(dto.operation)
      ? (dto.operation as Operation)
      : undefined,
    description: typeof dto.description === 'string' ? dto.description : undefined,
    condition: optionalValue(dto.condition),
    input: optionalValue(dto.input),
    config: plainMapping(dto.config),
    loop: dto.loop instanceof LoopDto ? loopSpec(dto.loop) : undefined,
    retry: dto.retry instanceof RetryDto ? retryPolicy(dto.retry) : DEFAULT_RETRY,
    timeoutMs: parseDuration(dto.timeout),
    state: dto.state instanceof AgentStateDto ? stateSpec(dto.state) : undefined,
    onError: dto.onError === 'fail' || dto.onError === 'continue' ? dto.onError : undefined,
    after: Array.isArray(after) ? namedAt(after, [...path, afterKey]) : [],
  });
}

function loopSpec(dto: LoopDto): LoopSpec {
  return { items: plainValue(dto.items), concurrency: integerOr(dto.concurrency, DEFAULT_LOOP_CONCURRENCY) };
}

function retryPolicy(dto: RetryDto): RetryPolicy {
  const retryOn = dto.retry_on ?? dto.retryOn;
  const maxDelayMs = parseDuration(dto.max_delay ?? dto.maxDelay);
  return withoutUndefined({
    maxAttempts: integerOr(dto.max_attempts ?? dto.maxAttempts, DEFAULT_RETRY.maxAttempts),
    backoff: stringOr<Backoff>(dto.backoff, BACKOFFS, DEFAULT_RETRY.backoff),
    initialDelayMs: parseDuration(dto.initial_delay ?? dto.initialDelay) ?? DEFAULT_RETRY.initialDelayMs,
    maxDelayMs,
    retryOn: Array.isArray(retryOn) ? retryOn.filter((status) => Number.isInteger(status)) : undefined,
  });
}

function stateSpec(dto: AgentStateDto): StateSpec {
  const use = Array.isArray(dto.use) ? dto.use.filter((key) => typeof key === 'string') : [];
  if (Array.isArray(dto.set))
    return { use, set: { form: 'list', keys: dto.set.filter((key) => typeof key === 'string') } };
  if (dto.set !== undefined) return { use, set: { form: 'map', values: plainMapping(dto.set) } };
  return { use };
}

function namedAt(names: readonly unknown[], path: YamlPath): NamedAt[] {
  return names.flatMap((name, index) => (typeof name === 'string' ? [{ name, path: [...path, index] }] : []));
}
