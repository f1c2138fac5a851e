import type { EntityMetadata } from '@mikro-orm/core';
import type { PoolClient } from 'pg';
import { RunAgent } from '../entities/run-agent.entity';
import { RunStep } from '../entities/run-step.entity';
import { Run } from '../entities/run.entity';
import type { ReadModelOrm } from '../orm';
import type { AgentRow, RunRow, StepRow } from './projection-rows';

/** First key of the per-run advisory locks (the second is hashtext(runId)). */
const RUN_LOCK_CLASS = 7_304_205;

/** Name of the flag that says a row's `output` was set in the batch (`output` is not read back). */
const OUTPUT_SET = 'output_set';

interface Column {
  readonly property: string;
  readonly column: string;
  readonly type: string;
}

/**
 * One table of the projection as SQL sees it, from its entity's metadata (the one place its columns
 * are named): rows go in and out as objects with the entity's property names, as one bound JSON
 * parameter that PostgreSQL expands (`json_populate_recordset`, `json_to_recordset`): one
 * statement per table and batch, no value escaped in JavaScript.
 */
class ProjectionTable<Row extends object> {
  readonly name: string;
  private readonly columns: readonly Column[];
  private readonly keys: readonly string[];
  /** New rows, whole. */
  readonly insertSql: string;

  constructor(meta: EntityMetadata) {
    this.name = `${meta.schema}.${meta.tableName}`;
    this.columns = meta.props.map((prop) => ({
      property: prop.name,
      column: prop.fieldNames[0],
      type: prop.columnTypes[0],
    }));
    this.keys = meta.primaryKeys.map((key) => this.column(key));
    this.insertSql = `insert into ${this.name} select * from json_populate_recordset(null::${this.name}, $1::json)`;
  }

  column(property: string): string {
    const found = this.columns.find((candidate) => candidate.property === property);
    if (found === undefined) throw new Error(`${this.name} has no property ${property}`);
    return found.column;
  }

  /** Rows whole, new or not (a row read whole is written back whole). */
  upsertSql(): string {
    const others = this.columns.filter(({ column }) => !this.keys.includes(column));
    return (
      `${this.insertSql} on conflict (${this.keys.join(', ')}) do update set ` +
      others.map(({ column }) => `${column} = excluded.${column}`).join(', ')
    );
  }

  /**
   * Existing rows, without the properties in `unchanged` (never read, never written: a run's input
   * is stored once); `output` only where the row's `output_set` says so.
   */
  updateSql(unchanged: readonly string[]): string {
    const written = this.columns.filter(
      ({ property, column }) => !this.keys.includes(column) && !unchanged.includes(property),
    );
    const sets = written.map(({ property, column }) =>
      property === 'output'
        ? `${column} = case when x.${OUTPUT_SET} then x.${column} else t.${column} end`
        : `${column} = x.${column}`,
    );
    const definitions = [...this.columns.filter(({ column }) => this.keys.includes(column)), ...written]
      .map(({ column, type }) => `${column} ${type}`)
      .concat(written.some(({ property }) => property === 'output') ? [`${OUTPUT_SET} boolean`] : []);
    return (
      `update ${this.name} as t set ${sets.join(', ')} from json_to_recordset($1::json) as x(${definitions.join(', ')}) ` +
      `where ${this.keys.map((key) => `t.${key} = x.${key}`).join(' and ')}`
    );
  }

  /** The columns to read, without `unread` ones. */
  selectList(unread: readonly string[]): string {
    return this.columns
      .filter(({ property }) => !unread.includes(property))
      .map(({ column }) => column)
      .join(', ');
  }

  /** The JSON parameter of a statement: rows keyed by column, `outputSet` as its flag. */
  toJson(rows: readonly Row[], outputSet?: (row: Row) => boolean): string {
    return JSON.stringify(
      rows.map((row) => {
        const record: Record<string, unknown> = {};
        for (const { property, column } of this.columns)
          record[column] = (row as Record<string, unknown>)[property];
        if (outputSet !== undefined) record[OUTPUT_SET] = outputSet(row);
        return record;
      }),
    );
  }

  /** A row as pg returns it (times as MikroORM's parser gives them, bigint as text); columns not read are null. */
  fromDatabase(record: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const { property, column, type } of this.columns) {
      const value = record[column];
      if (value === null || value === undefined) row[property] = null;
      else if (type.startsWith('timestamp')) row[property] = new Date(value as string | Date).toISOString();
      else if (type === 'bigint') row[property] = Number(value);
      else row[property] = value;
    }
    return row as Row;
  }
}

/** Run columns set by RunRequested alone: read and written once. */
const RUN_IMMUTABLE = ['input', 'trigger', 'ensemble', 'revision', 'parentRunId', 'traceId', 'createdAt'];
/** Columns a batch never reads: written when set (`output`), or never again (the rest). */
const RUN_UNREAD = ['input', 'trigger', 'output'];
const AGENT_UNREAD = ['output'];

/** What a batch writes: new rows whole, changed rows without what never changes. */
export interface ProjectionChanges {
  readonly newRuns: readonly RunRow[];
  readonly runs: readonly RunRow[];
  /** Runs whose `output` the batch set. */
  readonly runOutputsSet: ReadonlySet<string>;
  readonly newAgents: readonly AgentRow[];
  readonly agents: readonly AgentRow[];
  /** `agentKey`s of agents whose `output` the batch set. */
  readonly agentOutputsSet: ReadonlySet<string>;
  readonly steps: readonly StepRow[];
  /** Agents whose output is their steps' (set once the steps are written). */
  readonly outputsFromSteps: ReadonlyArray<{ runId: string; agent: string }>;
}

export function agentKey(agent: { readonly runId: string; readonly agent: string }): string {
  return `${agent.runId}\u0000${agent.agent}`;
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
      `select ${this.runs.selectList(RUN_UNREAD)} from ${this.runs.name} where ${this.runs.column('id')} = any($1::text[])`,
      [runIds],
    );
    return rows.map((row) => this.runs.fromDatabase(row));
  }

  async loadAgents(client: PoolClient, runIds: readonly string[]): Promise<AgentRow[]> {
    const { rows } = await client.query(
      `select ${this.agents.selectList(AGENT_UNREAD)} from ${this.agents.name} where ${this.agents.column('runId')} = any($1::text[])`,
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

  async write(client: PoolClient, changes: ProjectionChanges): Promise<void> {
    const { runs, agents, steps } = this;
    const statements: Array<[string, string]> = [];
    if (changes.newRuns.length > 0) statements.push([runs.insertSql, runs.toJson(changes.newRuns)]);
    if (changes.runs.length > 0)
      statements.push([
        runs.updateSql(RUN_IMMUTABLE),
        runs.toJson(changes.runs, (run) => changes.runOutputsSet.has(run.id)),
      ]);
    if (changes.steps.length > 0) statements.push([steps.upsertSql(), steps.toJson(changes.steps)]);
    if (changes.newAgents.length > 0) statements.push([agents.insertSql, agents.toJson(changes.newAgents)]);
    if (changes.agents.length > 0)
      statements.push([
        agents.updateSql(['position']),
        agents.toJson(changes.agents, (agent) => changes.agentOutputsSet.has(agentKey(agent))),
      ]);
    for (const [sql, json] of statements) await client.query(sql, [json]);
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
