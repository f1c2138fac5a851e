import { Allow, IsDefined, IsOptional, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { OPERATIONS } from '@baton/model';
import { AgentStateDto } from './agent-state.dto';
import { AliasOf } from './constraints/alias-of';
import { IsDuration } from './constraints/duration';
import { IsMapping } from './constraints/mapping';
import { IsOneOf } from './constraints/one-of';
import { missing, must } from './constraints/rule';
import { IsStringList } from './constraints/string-list';
import { LoopDto } from './loop.dto';
import { AgentName } from './names';
import { RetryDto } from './retry.dto';
import { Nested } from './variants';

export const ON_ERROR = ['fail', 'continue'] as const;

/** One agent (a step): `name` and `operation`, and what dsl.md's "Agents" table allows. */
export class AgentDto {
  @IsDefined(missing('name')) @IsString(must('a string')) @AgentName() name!: string;
  @IsDefined(missing('operation'))
  @IsOneOf(OPERATIONS, { code: 'unknown-operation', noun: 'operation' })
  operation!: string;
  @IsOptional() @IsString(must('a string')) description?: string;
  @IsOptional()
  @Allow()
  @JSONSchema({ description: 'expression; false skips the agent' })
  condition?: unknown;
  @IsOptional() @Allow() input?: unknown;
  @IsOptional() @IsMapping() config?: Record<string, unknown>;
  @IsOptional() @Nested(() => LoopDto) loop?: LoopDto;
  @IsOptional() @Nested(() => RetryDto) retry?: RetryDto;
  @IsOptional() @IsDuration() timeout?: number | string;
  @IsOptional() @Nested(() => AgentStateDto) state?: AgentStateDto;
  @IsOptional() @IsStringList({ what: 'agent names' }) after?: string[];
  @IsOptional() @IsStringList({ what: 'agent names' }) @AliasOf('after') depends_on?: string[];
  @IsOptional() @IsOneOf(ON_ERROR, { code: 'invalid-value', noun: 'onError value' }) onError?: string;
}
