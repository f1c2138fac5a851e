import { didYouMean } from '../../suggestions';
import { Rule } from './rule';

/** A string out of a fixed list; an unknown one is reported with the closest known value. */
export function IsOneOf(
  values: readonly string[],
  spec: { readonly code: string; readonly noun: string },
): PropertyDecorator {
  return Rule({
    name: `isOneOf:${spec.noun}`,
    code: spec.code,
    test: (value) => typeof value === 'string' && values.includes(value),
    message: (value) =>
      typeof value === 'string'
        ? `unknown ${spec.noun} '${value}'${didYouMean(value, values)}; expected one of ${values.join(', ')}`
        : `${spec.noun} must be one of ${values.join(', ')}`,
    schema: { type: 'string', enum: [...values] },
  });
}
