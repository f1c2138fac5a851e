import { Allow, IsArray, IsOptional, IsString } from 'class-validator';
import { AgentDto } from './agent.dto';
import { ConcurrencyDto } from './concurrency.dto';
import { CONNECTION_DTOS, pickConnection } from './connection.dto';
import { AliasOf } from './constraints/alias-of';
import { IsDuration } from './constraints/duration';
import { IsOneOf } from './constraints/one-of';
import { RequiredUnless } from './constraints/required-unless';
import { ClassSchema } from './constraints/schema-override';
import { all, must, PATH, Rule } from './constraints/rule';
import { EnsembleStateDto } from './ensemble-state.dto';
import { flowEntry, FlowAgentDto, FlowParallelGroupDto } from './flow-entry.dto';
import { EnsembleInputDto } from './input.dto';
import { EnsembleName } from './names';
import { NOTIFICATION_DTOS, pickNotification } from './notification.dto';
import { ParallelGroupDto } from './parallel-group.dto';
import { pickTemplate, TEMPLATE_DTOS } from './template.dto';
import { pickTrigger, TRIGGER_DTOS } from './trigger.dto';
import { type DtoClass, ListOf, MapOf, Nested } from './variants';

export const EXECUTION_MODES = ['sequential', 'graph'] as const;
/** Top-level keys the author is free to use (for YAML anchors, notes): ignored by the loader. */
export const EXTENSION_PREFIX = 'x-';

const agentEntry = (item: Record<string, unknown>): DtoClass =>
  'parallel' in item ? ParallelGroupDto : AgentDto;
const triggers = () =>
  all(
    IsOptional(),
    ListOf(pickTrigger, () => TRIGGER_DTOS, { single: true }),
  );

/** The whole file: dsl.md's "A complete example" and "Ensemble-level keys". */
@ClassSchema({
  title: 'Baton ensemble',
  description: 'A Baton workflow: triggers, agents, state, output and notifications (see docs: dsl.md).',
  anyOf: [{ required: ['ensemble'] }, { required: ['name'] }],
  patternProperties: { '^x-': {} },
})
export class EnsembleDto {
  @RequiredUnless(['name'], " (or its alias 'name')")
  @IsString(must('a string'))
  @EnsembleName()
  ensemble?: string;
  @IsOptional() @IsString(must('a string')) @EnsembleName() @AliasOf('ensemble') name?: string;
  @IsOptional() @IsString(must('a string')) description?: string;
  @IsOptional()
  @Rule({
    name: 'isVersionLabel',
    code: 'invalid-value',
    test: (value) => typeof value === 'string' || typeof value === 'number',
    message: () => `${PATH} must be a label such as 1.2.0`,
    schema: { type: ['string', 'number'] },
  })
  version?: string | number;
  @IsOptional()
  @IsOneOf(EXECUTION_MODES, { code: 'invalid-value', noun: 'execution mode' })
  execution?: string;
  @IsOptional() @IsDuration() timeout?: number | string;
  @triggers() trigger?: object[];
  @triggers() @AliasOf('trigger') triggers?: object[];
  @IsOptional() @Nested(() => ConcurrencyDto) concurrency?: ConcurrencyDto;
  @IsOptional() @Nested(() => EnsembleInputDto) input?: EnsembleInputDto;
  @IsOptional() @Nested(() => EnsembleStateDto) state?: EnsembleStateDto;
  @IsOptional() @MapOf(pickConnection, () => CONNECTION_DTOS) connections?: Map<string, object>;
  @IsOptional() @MapOf(pickTemplate, () => TEMPLATE_DTOS) templates?: Map<string, object>;
  @IsOptional()
  @IsArray(must('a list'))
  @ListOf(pickNotification, () => NOTIFICATION_DTOS)
  notifications?: object[];
  @RequiredUnless(['flow'])
  @IsArray(must('a list of agents'))
  @ListOf(agentEntry, () => [AgentDto, ParallelGroupDto])
  agents?: object[];
  @IsOptional()
  @IsArray(must('a list of agents'))
  @ListOf(flowEntry, () => [FlowAgentDto, AgentDto, FlowParallelGroupDto])
  flow?: object[];
  @IsOptional() @Allow() output?: unknown;
  @IsOptional() @Allow() @AliasOf('output') outputs?: unknown;
}
