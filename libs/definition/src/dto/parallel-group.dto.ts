import { IsArray, IsDefined } from 'class-validator';
import { AgentDto } from './agent.dto';
import { missing, must, PATH, Rule } from './constraints/rule';
import { type DtoClass, ListOf } from './variants';
import { OpenKeys } from './constraints/open-keys';

/** A `parallel:` group written inside another one: refused, groups do not nest. */
@OpenKeys()
export class NestedParallelGroupDto {
  @Rule({
    name: 'notNested',
    code: 'nested-parallel',
    test: () => false,
    message: () => `${PATH}: a parallel group cannot contain another parallel group`,
  })
  parallel?: unknown;
}

const member = (item: Record<string, unknown>): DtoClass =>
  'parallel' in item ? NestedParallelGroupDto : AgentDto;

/** `- parallel: [ agents… ]` under `agents:`: its agents run concurrently. */
export class ParallelGroupDto {
  @IsDefined(missing('parallel'))
  @IsArray(must('a list of agents'))
  @ListOf(member, () => [AgentDto])
  parallel!: object[];
}
