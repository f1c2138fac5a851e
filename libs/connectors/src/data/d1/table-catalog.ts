/**
 * What `INSERT OR REPLACE` needs of its table, read from PostgreSQL's catalog: the columns in
 * table order and the key to replace on (the primary key, else the first unique constraint).
 */
import type { Pool } from 'pg';
import type { TableLookup, TableShape } from './sqlite-translation';

const SHAPE_SQL = `
WITH target AS (SELECT to_regclass($1) AS oid)
SELECT
  (SELECT array_agg(a.attname::text ORDER BY a.attnum)
     FROM pg_attribute a, target
    WHERE a.attrelid = target.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT array_agg(a.attname::text ORDER BY k.ordinality)
     FROM (SELECT i.indkey FROM pg_index i, target
            WHERE i.indrelid = target.oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1) chosen,
          unnest(chosen.indkey) WITH ORDINALITY AS k(attnum, ordinality),
          target, pg_attribute a
    WHERE a.attrelid = target.oid AND a.attnum = k.attnum) AS key`;

export function tableLookup(pool: Pool): TableLookup {
  return async (table: string): Promise<TableShape | undefined> => {
    const { rows } = await pool.query<{ columns: string[] | null; key: string[] | null }>(SHAPE_SQL, [table]);
    const [row] = rows;
    if (row === undefined || row.columns === null) return undefined;
    return { columns: row.columns, key: row.key ?? [] };
  };
}
