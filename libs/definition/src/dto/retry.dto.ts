import { IsInt, IsOptional, Min } from 'class-validator';
import { AliasOf } from './constraints/alias-of';
import { IsDuration } from './constraints/duration';
import { IsOneOf } from './constraints/one-of';
import { all, must, PATH, Rule } from './constraints/rule';

export const BACKOFFS = ['exponential', 'linear', 'fixed'] as const;

const attempts = () =>
  all(IsOptional(), IsInt(must('a whole number of attempts')), Min(1, must('at least 1')));
const statusCodes = () =>
  all(
    IsOptional(),
    Rule({
      name: 'isStatusList',
      code: 'invalid-value',
      test: (value) =>
        Array.isArray(value) &&
        value.every((status) => Number.isInteger(status) && status >= 100 && status <= 599),
      message: () => `${PATH} must be a list of HTTP status codes (100-599)`,
      schema: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 } },
    }),
  );

/** `retry:` of an agent. snake_case is the documented spelling; camelCase is accepted too. */
export class RetryDto {
  @attempts() max_attempts?: number;
  @attempts() @AliasOf('max_attempts') maxAttempts?: number;

  @IsOptional() @IsOneOf(BACKOFFS, { code: 'invalid-value', noun: 'backoff' }) backoff?: string;

  @IsOptional() @IsDuration() initial_delay?: number | string;
  @IsOptional() @IsDuration() @AliasOf('initial_delay') initialDelay?: number | string;

  @IsOptional() @IsDuration() max_delay?: number | string;
  @IsOptional() @IsDuration() @AliasOf('max_delay') maxDelay?: number | string;

  @statusCodes() retry_on?: number[];
  @statusCodes() @AliasOf('retry_on') retryOn?: number[];
}
