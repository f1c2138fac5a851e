import { toPositionalSql } from './sql-placeholders';

describe('toPositionalSql', () => {
  it('numbers each ? placeholder in SQL code from $1 upwards', () => {
    expect(toPositionalSql('SELECT * FROM t WHERE a = ? AND b >= ?')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b >= $2',
      placeholders: 2,
    });
  });

  it('leaves a ? inside a string literal alone, including after a doubled quote', () => {
    expect(toPositionalSql("SELECT 'why?', 'it''s ?' , ?")).toEqual({
      text: "SELECT 'why?', 'it''s ?' , $1",
      placeholders: 1,
    });
  });

  it('honours backslash escapes in E strings only', () => {
    expect(toPositionalSql("SELECT E'a\\' ?', ?").text).toBe("SELECT E'a\\' ?', $1");
    expect(toPositionalSql("SELECT 'a\\', ?").text).toBe("SELECT 'a\\', $1");
  });

  it('does not take the last letter of an identifier for an E prefix', () => {
    expect(toPositionalSql("SELECT name'\\', ?").text).toBe("SELECT name'\\', $1");
  });

  it('leaves a ? inside a quoted identifier alone', () => {
    expect(toPositionalSql('SELECT "odd?""name" FROM t WHERE x = ?').text).toBe(
      'SELECT "odd?""name" FROM t WHERE x = $1',
    );
  });

  it('leaves a ? inside line comments and nested block comments alone', () => {
    const sql = 'SELECT ? -- really?\n, /* outer /* inner? */ still? */ ?';
    expect(toPositionalSql(sql)).toEqual({
      text: 'SELECT $1 -- really?\n, /* outer /* inner? */ still? */ $2',
      placeholders: 2,
    });
  });

  it('leaves a ? inside dollar-quoted strings alone, with or without a tag', () => {
    const sql = 'SELECT $$a ? b$$, $fn$ x ? $$ y $fn$, ?';
    expect(toPositionalSql(sql).text).toBe('SELECT $$a ? b$$, $fn$ x ? $$ y $fn$, $1');
  });

  it('does not mistake positional parameters or identifiers with $ for dollar quotes', () => {
    expect(toPositionalSql("SELECT $1, '?'")).toEqual({ text: "SELECT $1, '?'", placeholders: 0 });
    expect(toPositionalSql('SELECT a$b$ FROM t WHERE c = ?').text).toBe('SELECT a$b$ FROM t WHERE c = $1');
  });

  it('turns ?? into a literal ? for jsonb operators', () => {
    expect(toPositionalSql("SELECT doc ?? 'key' FROM t WHERE id = ?")).toEqual({
      text: "SELECT doc ? 'key' FROM t WHERE id = $1",
      placeholders: 1,
    });
  });

  it('keeps an unterminated literal to the end of the text for PostgreSQL to report', () => {
    expect(toPositionalSql("SELECT 'open ?")).toEqual({ text: "SELECT 'open ?", placeholders: 0 });
  });
});
