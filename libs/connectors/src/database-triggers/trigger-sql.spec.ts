import { dropSql, installSql, quotedTableName, triggerObjectName, whereCheckSql } from './trigger-sql';

const install = {
  key: 'orders:0',
  name: triggerObjectName('orders:0'),
  qualifiedTable: '"public"."orders"',
  table: 'orders',
  events: ['insert', 'delete'] as const,
};

describe('the SQL of database triggers', () => {
  it('names the trigger and its function after the key: stable, short, an identifier', () => {
    expect(triggerObjectName('orders:0')).toBe(triggerObjectName('orders:0'));
    expect(triggerObjectName('orders:0')).not.toBe(triggerObjectName('orders:1'));
    expect(triggerObjectName(`${'x'.repeat(100)}:0`)).toMatch(/^baton_[0-9a-f]{24}$/);
  });

  it('quotes each part of the table as written', () => {
    expect(quotedTableName('shop.Items')).toBe('"shop"."Items"');
    expect(() => quotedTableName('orders"; DROP TABLE x; --')).toThrow(/may hold only letters/);
  });

  it('fires on the events asked for, with the filter inside the function body', () => {
    const [fn, drop, create] = installSql({ ...install, where: "NEW.status = 'paid'" });
    expect(fn).toContain("IF NOT coalesce((NEW.status = 'paid'), false) THEN RETURN NULL; END IF;");
    expect(fn).toContain('SECURITY DEFINER SET search_path = pg_catalog, pg_temp');
    expect(drop).toBe(`DROP TRIGGER IF EXISTS "${install.name}" ON "public"."orders"`);
    expect(create).toBe(
      `CREATE TRIGGER "${install.name}" AFTER INSERT OR DELETE ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION baton_changes."${install.name}"()`,
    );
  });

  it('writes literals quoted: a table name with a quote cannot end the string', () => {
    const [fn] = installSql({ ...install, table: "it's" });
    expect(fn).toContain("'it''s'");
  });

  it.each([
    ['NEW.id = 1; DROP TABLE orders', "';'"],
    ['true $baton$ OR $baton$', "'$'"],
    ["NEW.a = 'x", 'not closed'],
  ])('refuses to write the where %j into DDL, even when it bypassed the definition', (where, why) => {
    expect(() => installSql({ ...install, where })).toThrow(why);
    expect(() => whereCheckSql(install.qualifiedTable, where)).toThrow(why);
  });

  it('drops a trigger even when its table is gone', () => {
    const [dropTrigger, dropFunction] = dropSql(install.name, install.qualifiedTable);
    expect(dropTrigger).toContain('EXCEPTION WHEN undefined_table OR invalid_schema_name THEN NULL');
    expect(dropFunction).toBe(`DROP FUNCTION IF EXISTS baton_changes."${install.name}"()`);
  });
});
