import { IsDefined, ValidateIf } from 'class-validator';
import { all, missing } from './rule';

/** Required unless one of the other keys is written (an alias, or an alternative such as `flow`). */
export function RequiredUnless(others: readonly string[], hint = ''): PropertyDecorator {
  return (target, property) =>
    all(
      ValidateIf(
        (object: Record<string, unknown>) =>
          others.every((other) => object[other] === undefined) || object[String(property)] !== undefined,
      ),
      IsDefined(missing(String(property), hint)),
    )(target, property);
}
