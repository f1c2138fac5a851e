import { IsArray, IsDefined, IsString } from 'class-validator';
import { AgentDto } from './agent.dto';
import { missing, must } from './constraints/rule';
import { AgentName } from './names';
import { NestedParallelGroupDto } from './parallel-group.dto';
import { type DtoClass, ListOf } from './variants';

/** `- agent: name` in `flow:`: runs an agent defined under `agents:`. */
export class FlowAgentDto {
  @IsDefined(missing('agent')) @IsString(must('an agent name')) @AgentName() agent!: string;
}

/** A flow entry names an agent, defines one inline, or is a parallel group. */
export function flowMember(item: Record<string, unknown>): DtoClass {
  if ('parallel' in item) return NestedParallelGroupDto;
  return 'agent' in item && !('name' in item) && !('operation' in item) ? FlowAgentDto : AgentDto;
}

/** `- parallel: [...]` in `flow:`: named or inline agents that run concurrently. */
export class FlowParallelGroupDto {
  @IsDefined(missing('parallel'))
  @IsArray(must('a list of agents'))
  @ListOf(flowMember, () => [FlowAgentDto, AgentDto])
  parallel!: object[];
}

export function flowEntry(item: Record<string, unknown>): DtoClass {
  return 'parallel' in item ? FlowParallelGroupDto : flowMember(item);
}
