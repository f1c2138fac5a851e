/**
 * A named connection of the ensemble (`connections:`), evaluated in the task's scope so the secrets
 * it reads are redacted from the outcome like any other.
 */
import { parseDuration, type Value } from '@baton/model';
import type { BreakerOptions } from './circuit-breakers';
import type { Fields } from './config-fields';
import type { OperationRequest } from './operation';
import { failed, invalidConfig, OperationFailure } from './outcome';

/** The connection's fields; it must be of one of `types`. */
export function namedConnection(request: OperationRequest, name: string, types: readonly string[]): Fields {
  const connection = request.definition.connections[name];
  if (connection === undefined) {
    throw new OperationFailure(
      failed(
        'unknown-connection',
        `connection '${name}' is not defined in ensemble '${request.definition.name}'`,
        { retryable: false },
      ),
    );
  }
  if (!types.includes(connection.type))
    invalidConfig(`connection '${name}' is of type '${connection.type}', not ${types.join(' or ')}`);
  return request.evaluate(connection as Value) as Fields;
}

/**
 * `breaker: { threshold, volume, resetTimeout }` of a connection, as the breaker registry takes it;
 * keys not written keep the registry's defaults. The loader checked the shape; a value an
 * expression made wrong is refused here.
 */
export function breakerOptionsOf(connection: Fields): Partial<BreakerOptions> {
  const breaker = connection.breaker;
  if (breaker === undefined || breaker === null) return {};
  if (typeof breaker !== 'object' || Array.isArray(breaker))
    invalidConfig('connection breaker must be { threshold, volume, resetTimeout }');
  const { threshold, volume, resetTimeout } = breaker as Record<string, unknown>;
  const options: { -readonly [K in keyof BreakerOptions]?: BreakerOptions[K] } = {};
  if (threshold !== undefined) {
    if (typeof threshold !== 'number' || !(threshold >= 1 && threshold <= 100))
      invalidConfig(`breaker threshold must be a percentage (1-100), not ${JSON.stringify(threshold)}`);
    options.errorThresholdPercentage = threshold;
  }
  if (volume !== undefined) {
    if (typeof volume !== 'number' || !Number.isInteger(volume) || volume < 1)
      invalidConfig(
        `breaker volume must be a whole number of calls (at least 1), not ${JSON.stringify(volume)}`,
      );
    options.volumeThreshold = volume;
  }
  if (resetTimeout !== undefined) {
    const ms = parseDuration(resetTimeout);
    if (ms === undefined)
      invalidConfig(
        `breaker resetTimeout must be a duration like 10s or milliseconds, not ${JSON.stringify(resetTimeout)}`,
      );
    options.resetTimeoutMs = ms;
  }
  return options;
}
