/**
 * The `validate` operation: checks `input.data` against `input.schema`. Invalid data is not a
 * failure of the agent: it succeeds with `{ valid: false, errors }` so that later agents can branch
 * on `x.output.valid`. It fails only when the schema cannot be found or compiled.
 */
import type { OperationRequest } from '../operation';
import { succeeded, type TaskOutcome } from '../outcome';
import { resolveSchema } from './schema-source';
import { readableErrors, schemaValidator } from './schema-validators';

export async function runValidate(request: OperationRequest): Promise<TaskOutcome> {
  const { data, schema } = validateArguments(request);
  const validate = schemaValidator(resolveSchema(schema, request.definition));
  const valid = validate(data);
  return succeeded({ valid, errors: valid ? [] : readableErrors(validate.errors) });
}

/** `input.data` and `input.schema` (the DSL's form); `config.data` / `config.schema` are read when input has none. */
function validateArguments(request: OperationRequest): { data: unknown; schema: unknown } {
  const input = (typeof request.input === 'object' && request.input !== null ? request.input : {}) as Record<
    string,
    unknown
  >;
  return {
    data: 'data' in input ? input.data : request.config.data,
    schema: input.schema ?? request.config.schema,
  };
}
