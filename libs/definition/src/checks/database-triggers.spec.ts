import { definitionOf, issuesOf, summary } from '../__fixtures__/fixtures';

describe('database triggers', () => {
  it('refuses a missing table, unsafe names and where clauses, unknown events and connections', () => {
    expect(summary(issuesOf('invalid/database-triggers.yaml'))).toEqual([
      "5:5 error missing-key missing required key 'table' in triggers[0] (the table whose changes start runs, e.g. orders or shop.orders)",
      '8:12 error invalid-table triggers[1].table "users; DROP TABLE users" may hold only letters, digits and _ (not starting with a digit), as schema.table or table',
      "9:13 error unknown-event unknown database event 'upsert' (did you mean 'insert'?); expected some of insert, update, delete",
      '11:12 error invalid-table triggers[2].table "a.b.c" must be a table name or schema.table, with one dot at most',
      '12:13 error unknown-event triggers[2].events must be a non-empty list of insert, update, delete',
      "16:12 error invalid-where triggers[3].where may not contain ';': it is one condition, not SQL statements",
      "20:12 error invalid-where triggers[4].where may not contain '$' (dollar quoting or parameters): it is one condition, not SQL statements",
      "24:12 error invalid-where triggers[5].where has a ' that is not closed",
      "28:12 error invalid-where triggers[6].where may not contain '--' (a comment): it is one condition, not SQL statements",
      "32:12 error invalid-where triggers[7].where has a '(' that is not closed",
      "34:17 error undefined-connection connection 'app-dbb' is not defined under connections",
      "38:17 error invalid-connection connection 'api' is of type 'http': a database trigger needs a postgres connection",
    ]);
  });

  it('keeps the events once each, in insert, update, delete order, and the where as written', () => {
    expect(definitionOf('valid/database-trigger.yaml').triggers).toEqual([
      {
        type: 'database',
        connection: 'app-db',
        table: 'public.users',
        events: ['insert', 'update'],
        where: 'NEW.email IS NOT NULL AND (OLD IS NULL OR OLD.email <> NEW.email)',
      },
      { type: 'database', table: 'orders', events: ['delete'] },
    ]);
  });
});
