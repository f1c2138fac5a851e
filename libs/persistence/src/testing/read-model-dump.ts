/**
 * Spec support: the projection's tables as PostgreSQL's own text of each row, in key order, so two
 * projections (live and rebuilt, one by one and batched) are compared byte for byte.
 */
export interface ReadModelDump {
  readonly runs: string[];
  readonly run_agents: string[];
  readonly run_steps: string[];
}

const ORDER: Record<keyof ReadModelDump, string> = {
  runs: 'id',
  run_agents: 'run_id, agent',
  run_steps: 'run_id, agent, iteration',
};

/** `query` is pg's `Client#query` or `Pool#query`; `where` narrows every table by its run id column. */
export async function dumpReadModels(
  query: (sql: string, values?: unknown[]) => Promise<{ rows: Array<{ row: string }> }>,
  runIds?: readonly string[],
): Promise<ReadModelDump> {
  const dump: Record<string, string[]> = {};
  for (const [table, order] of Object.entries(ORDER)) {
    const idColumn = table === 'runs' ? 'id' : 'run_id';
    const where = runIds === undefined ? '' : ` where t.${idColumn} = any($1::text[])`;
    const { rows } = await query(
      `select t::text as row from baton.${table} t${where} order by ${order}`,
      runIds === undefined ? [] : [runIds],
    );
    dump[table] = rows.map((row) => row.row);
  }
  return dump as unknown as ReadModelDump;
}
