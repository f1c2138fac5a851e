/**
 * A named connection of the ensemble (`connections:`), evaluated in the task's scope so the secrets
 * it reads are redacted from the outcome like any other.
 */
import type { Value } from '@baton/model';
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
