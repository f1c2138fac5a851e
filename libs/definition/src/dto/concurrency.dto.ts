import { Allow, IsInt, IsOptional, Min } from 'class-validator';
import { IsOneOf } from './constraints/one-of';
import { must } from './constraints/rule';

export const CONCURRENCY_POLICIES = ['queue', 'cancel-running', 'drain'] as const;

/** `concurrency:` of an ensemble: at most `limit` running runs per value of `key`. */
export class ConcurrencyDto {
  @IsOptional() @Allow() key?: unknown;
  @IsOptional() @IsInt(must('a whole number')) @Min(1, must('at least 1')) limit?: number;
  @IsOptional()
  @IsOneOf(CONCURRENCY_POLICIES, { code: 'invalid-value', noun: 'onNew policy' })
  onNew?: string;
}
