import 'reflect-metadata';
/**
 * Nested DTOs, including the places where an item is one of several constructs (an agent or a
 * parallel group, a trigger chosen by its `type`, …): class-transformer builds the instance the
 * picker chooses, class-validator validates it, and the editor schema lists the same variants.
 */
import { plainToInstance, Transform, Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { all, isMapping, PATH } from './constraints/rule';
import { ReplacedSchema } from './constraints/schema-override';

export type DtoClass = new () => object;
export type Picker = (item: Record<string, unknown>) => DtoClass;

const MAPPING = {
  message: `${PATH} must be a mapping of keys to values`,
  context: { code: 'invalid-value' },
};

/** Picks the DTO by the item's `type`; `fallback` validates (and refuses) an unknown type. */
export function byType(variants: Record<string, DtoClass>, fallback: DtoClass): Picker {
  return (item) =>
    typeof item.type === 'string' && Object.hasOwn(variants, item.type) ? variants[item.type] : fallback;
}

function instantiate(pick: Picker, item: unknown): unknown {
  return isMapping(item) ? plainToInstance(pick(item), item) : item;
}

export function ref(dto: DtoClass): { $ref: string } {
  return { $ref: `#/definitions/${dto.name}` };
}

function anyOf(variants: readonly DtoClass[]): { [key: string]: unknown } {
  // anyOf rather than oneOf: an open variant (a connection of another type) may overlap a closed one
  return variants.length === 1 ? ref(variants[0]) : { anyOf: variants.map(ref) };
}

/** A single nested mapping validated as `dto`. */
export function Nested(dto: () => DtoClass): PropertyDecorator {
  return all(Type(dto), ValidateNested(MAPPING));
}

/**
 * A list of variants. With `single`, one mapping written where the list is expected counts as a
 * list of one (`trigger: { type: cron, … }`).
 */
export function ListOf(
  pick: Picker,
  variants: () => readonly DtoClass[],
  options: { single?: boolean } = {},
): PropertyDecorator {
  return all(
    Transform(
      ({ obj, key }) => {
        const written = (obj as Record<string, unknown>)[key];
        const list = options.single && isMapping(written) ? [written] : written;
        return Array.isArray(list) ? list.map((item) => instantiate(pick, item)) : list;
      },
      { toClassOnly: true },
    ),
    ValidateNested({ ...MAPPING, each: true }),
    ReplacedSchema(() => {
      const array = { type: 'array', items: anyOf(variants()) };
      return options.single ? { anyOf: [array, anyOf(variants())] } : array;
    }),
  );
}

/** A mapping of names to variants (`connections: { shop-db: { type: postgres, … } }`), held as a Map. */
export function MapOf(pick: Picker, variants: () => readonly DtoClass[]): PropertyDecorator {
  return all(
    Transform(
      ({ obj, key }) => {
        const written = (obj as Record<string, unknown>)[key];
        if (!isMapping(written)) return written;
        return new Map(Object.entries(written).map(([name, item]) => [name, instantiate(pick, item)]));
      },
      { toClassOnly: true },
    ),
    ValidateNested(MAPPING),
    ReplacedSchema(() => ({ type: 'object', additionalProperties: anyOf(variants()) })),
  );
}
