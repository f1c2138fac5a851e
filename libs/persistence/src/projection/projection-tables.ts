import type { EntityMetadata } from '@mikro-orm/core';
import type { PoolClient } from 'pg';
import { RunAgent } from '../entities/run-agent.entity';
import { RunStep } from '../entities/run-step.entity';
import { Run } from '../entities/run.entity';
import type { ReadModelOrm } from '../orm';
import type { AgentRow, RunRow, StepRow } from './projection-rows';

/** First key of the per-run advisory locks (the second is hashtext(runId)). */
const RUN_LOCK_CLASS = 7_304_205;

/**
 * One table of the projection as SQL sees it, from its entity's metadata (the one place its columns
 * are named): rows go in and out as objects with the entity's property names.
 */
class ProjectionTable<Row extends object> {
  readonly name: string;
  private readonly columns: ReadonlyArray<{
    property: string;
    column: string;
    kind: 'time' | 'bigint' | 'other';
  }>;
  readonly upsertSql: string;

  constructor(meta: EntityMetadata) {
    this.name = `${meta.schema}.${meta.tableName}`;
    this.columns = meta.props.map((prop) => ({
      property: prop.name,
      column: prop.fieldNames[0],
      kind: prop.columnTypes[0]?.startsWith('timestamp')
        ? 'time'
        : prop.columnTypes[0] === 'bigint'
          ? 'bigint'
          : 'other',
    }));
    const keys = meta.primaryKeys.map((key) => this.column(key));
    const others = this.columns.filter(({ column }) => !keys.includes(column));
    // The rows travel as one bound JSON parameter that PostgreSQL expands into the table's own row
    // type: one statement per table and batch, no value escaped in JavaScript.
    this.upsertSql =
      `insert into ${this.name} select * from json_populate_recordset(null::${this.name}, $1::json) ` +
      `on conflict (${keys.join(', ')}) do update set ` +
      others.map(({ column }) => `${column} = excluded.${column}`).join(', ');
  }

  column(property: string): string {
    const found = this.columns.find((candidate) => candidate.property === property);
    if (found === undefined) throw new Error(`${this.name} has no property ${property}`);
    return found.column;
  }

  /** The JSON parameter of `upsertSql`: rows keyed by column. */
  toJson(rows: readonly Row[]): string {
    return JSON.stringify(
      rows.map((row) => {
        const record: Record<string, unknown> = {};
        for (const { property, column } of this.columns)
          record[column] = (row as Record<string, unknown>)[property];
        return record;
      }),
    );
  }

  /** A row as pg returns it (times as MikroORM's parser gives them, bigint as text) → the projection's row. */
  fromDatabase(record: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const { property, column, kind } of this.columns) {
      const value = record[column];
      if (value === null || value === undefined) row[property] = null;
      else if (kind === 'time') row[property] = new Date(value as string | Date).toISOString();
      else if (kind === 'bigint') row[property] = Number(value);
      else row[property] = value;
    }
    return row as Row;
  }
}

/** The statements a projection batch runs, on one client inside its transaction. */
export class ProjectionTables {
  readonly runs: ProjectionTable<RunRow>;
  readonly agents: ProjectionTable<AgentRow>;
  readonly steps: ProjectionTable<StepRow>;

  constructor(orm: ReadModelOrm) {
    const metadata = orm.getMetadata();
    this.runs = new ProjectionTable(metadata.get(Run));
    this.agents = new ProjectionTable(metadata.get(RunAgent));
    this.steps = new ProjectionTable(metadata.get(RunStep));
  }

  /**
   * Serialises batches that touch the same runs (projector replicas, a rebuild): a transaction-level
   * lock per run, taken in one fixed order so two batches never deadlock.
   */
  async lockRuns(client: PoolClient, runIds: readonly string[]): Promise<void> {
    await client.query(
      `select pg_advisory_xact_lock(${RUN_LOCK_CLASS}, k) from (select distinct hashtext(id) as k from unnest($1::text[]) as id order by k) as keys`,
      [runIds],
    );
  }

  async loadRuns(client: PoolClient, runIds: readonly string[]): Promise<RunRow[]> {
    const { rows } = await client.query(
      `select * from ${this.runs.name} where ${this.runs.column('id')} = any($1::text[])`,
      [runIds],
    );
    return rows.map((row) => this.runs.fromDatabase(row));
  }

  async loadAgents(client: PoolClient, runIds: readonly string[]): Promise<AgentRow[]> {
    const { rows } = await client.query(
      `select * from ${this.agents.name} where ${this.agents.column('runId')} = any($1::text[])`,
      [runIds],
    );
    return rows.map((row) => this.agents.fromDatabase(row));
  }

  async loadSteps(
    client: PoolClient,
    keys: ReadonlyArray<{ runId: string; agent: string; iteration: number }>,
  ): Promise<StepRow[]> {
    if (keys.length === 0) return [];
    const s = this.steps;
    const { rows } = await client.query(
      `select * from ${s.name} where (${s.column('runId')}, ${s.column('agent')}, ${s.column('iteration')}) in ` +
        `(select * from unnest($1::text[], $2::text[], $3::int[]))`,
      [keys.map((key) => key.runId), keys.map((key) => key.agent), keys.map((key) => key.iteration)],
    );
    return rows.map((row) => s.fromDatabase(row));
  }

  async write(
    client: PoolClient,
    changes: {
      runs: readonly RunRow[];
      agents: readonly AgentRow[];
      steps: readonly StepRow[];
      outputsFromSteps: ReadonlyArray<{ runId: string; agent: string }>;
    },
  ): Promise<void> {
    if (changes.runs.length > 0) await client.query(this.runs.upsertSql, [this.runs.toJson(changes.runs)]);
    if (changes.steps.length > 0)
      await client.query(this.steps.upsertSql, [this.steps.toJson(changes.steps)]);
    if (changes.agents.length > 0)
      await client.query(this.agents.upsertSql, [this.agents.toJson(changes.agents)]);
    if (changes.outputsFromSteps.length > 0) {
      await client.query(this.outputsFromStepsSql(), [
        changes.outputsFromSteps.map((key) => key.runId),
        changes.outputsFromSteps.map((key) => key.agent),
      ]);
    }
  }

  /**
   * A loop agent's output is the array of its iterations' outputs (in iteration order, null where an
   * iteration has none); any other agent's is its iteration 0's. Set after the steps are written, as
   * `evolve` sets it when the agent finishes (no iteration's output changes after that).
   */
  private outputsFromStepsSql(): string {
    const a = (property: string) => `a.${this.agents.column(property)}`;
    const s = (property: string) => `s.${this.steps.column(property)}`;
    const sameAgent = `${s('runId')} = ${a('runId')} and ${s('agent')} = ${a('agent')}`;
    return (
      `update ${this.agents.name} as a set ${this.agents.column('output')} = case when ${a('itemCount')} is null ` +
      `then (select ${s('output')} from ${this.steps.name} as s where ${sameAgent} and ${s('iteration')} = 0) ` +
      `else coalesce((select jsonb_agg(${s('output')} order by ${s('iteration')}) from ${this.steps.name} as s where ${sameAgent}), '[]'::jsonb) end ` +
      `from unnest($1::text[], $2::text[]) as f(run_id, agent) where ${a('runId')} = f.run_id and ${a('agent')} = f.agent`
    );
  }
}
