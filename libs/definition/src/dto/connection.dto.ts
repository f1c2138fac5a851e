import { Allow, IsDefined, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsDuration } from './constraints/duration';
import { IsMapping } from './constraints/mapping';
import { IsOneOf } from './constraints/one-of';
import { missing, must } from './constraints/rule';
import { byType, Nested } from './variants';
import { OpenKeys } from './constraints/open-keys';
import { Discriminator } from './constraints/schema-override';

export const HTTP_AUTH_TYPES = ['bearer', 'basic', 'header'] as const;

/**
 * A connection of a type Baton has no fixed shape for (`twilio`, …): only `type` is checked, and
 * its other keys go to the connector as written.
 */
@OpenKeys()
export class ConnectionDto {
  @IsDefined(missing('type', ' (http, postgres, smtp, twilio, …)'))
  @IsString(must('a connection type'))
  type!: string;
}

/** `auth:` of an http connection. */
export class HttpAuthDto {
  @IsDefined(missing('type', ` (one of ${HTTP_AUTH_TYPES.join(', ')})`))
  @IsOneOf(HTTP_AUTH_TYPES, { code: 'invalid-value', noun: 'http auth type' })
  type!: string;
  @IsOptional() @Allow() token?: unknown;
  @IsOptional() @Allow() username?: unknown;
  @IsOptional() @Allow() password?: unknown;
  /** The header name, for `type: header`. */
  @IsOptional() @Allow() header?: unknown;
  @IsOptional() @Allow() value?: unknown;
}

/**
 * `breaker:` of a connection: the circuit breaker in front of it (one per connection and worker).
 * Defaults are the worker's (libs/connectors circuit-breakers.ts: 50 %, 10 calls, 10 s).
 */
export class BreakerDto {
  /** Failure percentage over the rolling window above which the breaker opens. */
  @IsOptional()
  @IsNumber({}, must('a percentage of failed calls (1-100)'))
  @Min(1, must('at least 1 (per cent)'))
  @Max(100, must('at most 100 (per cent)'))
  threshold?: number;
  /** Calls in the window before the breaker may open at all. */
  @IsOptional() @IsInt(must('a whole number of calls')) @Min(1, must('at least 1')) volume?: number;
  /** How long an open breaker refuses calls before its half-open probe (ms, or `10s`, `1m`). */
  @IsOptional() @IsDuration() resetTimeout?: number | string;
}

export class HttpConnectionDto {
  @Discriminator('http') type!: 'http';
  @IsOptional() @Nested(() => BreakerDto) breaker?: BreakerDto;
  @IsOptional() @Allow() baseUrl?: unknown;
  @IsOptional() @Nested(() => HttpAuthDto) auth?: HttpAuthDto;
  @IsOptional() @IsMapping() headers?: Record<string, unknown>;
}

export class PostgresConnectionDto {
  @Discriminator('postgres') type!: 'postgres';
  @IsOptional() @Nested(() => BreakerDto) breaker?: BreakerDto;
  @IsDefined(missing('url')) @Allow() url!: unknown;
}

export class SmtpConnectionDto {
  @Discriminator('smtp') type!: 'smtp';
  @IsDefined(missing('url')) @Allow() url!: unknown;
}

export const CONNECTION_DTOS = [HttpConnectionDto, PostgresConnectionDto, SmtpConnectionDto, ConnectionDto];

export const pickConnection = byType(
  { http: HttpConnectionDto, postgres: PostgresConnectionDto, smtp: SmtpConnectionDto },
  ConnectionDto,
);
