import { IsOptional } from 'class-validator';
import { IsOneOf, IsUrlWithScheme } from '../config-validators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class TelemetryConfig {
  /** OTLP/HTTP endpoint, e.g. Jaeger's http://127.0.0.1:4318; unset: tracing is off. */
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOneOf(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';
}
