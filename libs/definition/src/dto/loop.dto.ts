import { Allow, IsDefined, IsInt, IsOptional, Min } from 'class-validator';
import { missing, must } from './constraints/rule';

/** `loop:` of an agent: run once per item of `items`, at most `concurrency` at a time. */
export class LoopDto {
  @IsDefined(missing('items')) @Allow() items!: unknown;
  @IsOptional() @IsInt(must('a whole number')) @Min(1, must('at least 1')) concurrency?: number;
}
