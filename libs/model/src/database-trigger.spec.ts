import { parseTableName, whereProblem } from './database-trigger';

describe('the rules of a database trigger', () => {
  it.each([
    ['orders', ['orders']],
    ['shop.Orders_2', ['shop', 'Orders_2']],
  ])('reads the table %s as its parts', (table, parts) => {
    expect(parseTableName(table)).toEqual({ parts });
  });

  it.each([['orders"; DROP TABLE x; --'], ['a.b.c'], ['1orders'], [''], ['x'.repeat(64)]])(
    'refuses the table %j',
    (table) => {
      expect(parseTableName(table)).toHaveProperty('problem');
    },
  );

  it.each([
    ["NEW.status = 'paid'"],
    ["NEW.name = 'it''s' AND (OLD IS NULL OR OLD.total < NEW.total)"],
    ['"NEW"."Amount" > 10'],
  ])('accepts the condition %j', (where) => {
    expect(whereProblem(where)).toBeUndefined();
  });

  it.each([
    ['NEW.id = 1; DROP TABLE users', "';'"],
    ['NEW.a = $x$y$x$', "'$'"],
    ["NEW.a = E'\\''", "'\\'"],
    ['NEW.a = 1 -- x', "'--'"],
    ['NEW.a = 1 /* x */', "'/*'"],
    ["NEW.a = 'x", 'not closed'],
    ['NEW.a = "x', 'not closed'],
    ['(NEW.a = 1', "'(' that is not closed"],
    ['NEW.a = 1)', "')' without its '('"],
    ['   ', 'must be a SQL condition'],
    ['NEW.a = 1\u0000', 'control characters'],
    ['x'.repeat(1001), 'longer than 1000'],
  ])('refuses the condition %j', (where, why) => {
    expect(whereProblem(where)).toContain(why);
  });
});
