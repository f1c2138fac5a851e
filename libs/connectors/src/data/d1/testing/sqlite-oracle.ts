/**
 * Test support: SQLite itself (sql.js, the official SQLite compiled to WebAssembly), to say what a
 * D1 statement gives, for the specs only: the product never runs SQLite.
 */
import initSqlJs, { type Database, type SqlValue } from 'sql.js';

export class SqliteOracle {
  private constructor(private readonly db: Database) {}

  static async open(): Promise<SqliteOracle> {
    const SQL = await initSqlJs();
    return new SqliteOracle(new SQL.Database());
  }

  /** The rows of a query, as plain objects. */
  query(sql: string, params: readonly unknown[] = []): Record<string, unknown>[] {
    const statement = this.db.prepare(sql);
    try {
      statement.bind(params as SqlValue[]);
      const rows: Record<string, unknown>[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.free();
    }
  }

  /** Runs a statement; the number of rows it changed. */
  execute(sql: string, params: readonly unknown[] = []): number {
    this.db.run(sql, params as SqlValue[]);
    return this.db.getRowsModified();
  }

  close(): void {
    this.db.close();
  }
}
