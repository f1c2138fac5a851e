/** The keys of a `database` trigger: its table, its events and its `where` (rules in @baton/model). */
import { DATABASE_EVENTS, MAX_WHERE_LENGTH, parseTableName, whereProblem } from '@baton/model';
import { didYouMean } from '../../suggestions';
import { PATH, Rule } from './rule';

export function DatabaseTable(): PropertyDecorator {
  return Rule({
    name: 'isDatabaseTable',
    code: 'invalid-table',
    test: (value) => typeof value === 'string' && 'parts' in parseTableName(value),
    message: (value) => {
      if (typeof value !== 'string') return `${PATH} must be a table name such as orders or shop.orders`;
      const parsed = parseTableName(value);
      return 'problem' in parsed ? `${PATH} ${JSON.stringify(value.slice(0, 80))} ${parsed.problem}` : '';
    },
    schema: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$' },
  });
}

export function IsDatabaseEvents(): PropertyDecorator {
  return Rule({
    name: 'isDatabaseEventList',
    code: 'unknown-event',
    test: (value) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every(
        (item) => typeof item === 'string' && (DATABASE_EVENTS as readonly string[]).includes(item),
      ),
    message: (value) => {
      const unknown = Array.isArray(value)
        ? value.find(
            (item) => typeof item !== 'string' || !(DATABASE_EVENTS as readonly string[]).includes(item),
          )
        : undefined;
      return typeof unknown === 'string'
        ? `unknown database event '${unknown}'${didYouMean(unknown, DATABASE_EVENTS)}; expected some of ${DATABASE_EVENTS.join(', ')}`
        : `${PATH} must be a non-empty list of ${DATABASE_EVENTS.join(', ')}`;
    },
    schema: { type: 'array', minItems: 1, items: { type: 'string', enum: [...DATABASE_EVENTS] } },
  });
}

export function DatabaseWhere(): PropertyDecorator {
  return Rule({
    name: 'isDatabaseWhere',
    code: 'invalid-where',
    test: (value) => typeof value === 'string' && whereProblem(value) === undefined,
    message: (value) =>
      typeof value === 'string'
        ? `${PATH} ${whereProblem(value) ?? ''}`
        : `${PATH} must be a SQL condition over NEW and OLD, such as NEW.status = 'paid'`,
    schema: { type: 'string', maxLength: MAX_WHERE_LENGTH },
  });
}
