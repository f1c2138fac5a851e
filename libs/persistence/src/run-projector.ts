import type { RunEvent } from '@baton/engine';
import type { ReadModelOrm } from './orm';
import { agentKey, ProjectionTables, type ProjectionChanges } from './projection/projection-tables';
import { RunRows } from './projection/run-rows';
import { inTransaction } from './projection/transaction';

/**
 * One message of the run log as the projector received it: the events of one decision of one run
 * (one event in the older layout), and its JetStream sequence.
 */
export interface RunLogMessage {
  readonly events: readonly RunEvent[];
  readonly streamSeq?: number;
}

/**
 * What happened to one message: `applied`; `duplicate` (every event already applied, or none in
 * it: skipped); `gap` (an earlier event of its run has not been applied yet: whatever follows it is
 * not written, redeliver the message later).
 */
export type ProjectionResult = 'applied' | 'duplicate' | 'gap';

export interface ProjectionOutcome {
  readonly runId: string | undefined;
  /** The seq of the message's first event. */
  readonly seq: number | undefined;
  readonly result: ProjectionResult;
}

/**
 * Keeps `runs`, `run_agents` and `run_steps` up to date from the run event log. A batch of messages
 * is one transaction: the rows of the runs it touches are read once, each event is mapped to the
 * row changes it makes, and the changed rows are written with one statement per table.
 * Idempotent and ordered per run: replaying a stream, or redelivering any of its messages, in any
 * batches, leaves the same rows. Nothing here is read back into a run's decisions.
 */
export class RunProjector {
  private readonly tables: ProjectionTables;

  constructor(private readonly orm: ReadModelOrm) {
    this.tables = new ProjectionTables(orm);
  }

  /** One event on its own (specs, tools): a batch of one message. */
  async apply(event: RunEvent, streamSeq?: number): Promise<ProjectionOutcome> {
    const [outcome] = await this.applyBatch([{ events: [event], streamSeq }]);
    return outcome;
  }

  /**
   * Applies the messages in one transaction: all of their changes are written, or none. Each run's
   * messages are taken in seq order, so a redelivery that overtook its successor in the same batch
   * still applies. The outcomes are in the order of `messages`.
   */
  async applyBatch(messages: readonly RunLogMessage[]): Promise<ProjectionOutcome[]> {
    const results: ProjectionResult[] = messages.map(() => 'duplicate');
    const byRun = new Map<string, number[]>();
    messages.forEach((message, index) => {
      const runId = message.events[0]?.runId;
      if (runId === undefined) return;
      const indexes = byRun.get(runId) ?? [];
      indexes.push(index);
      byRun.set(runId, indexes);
    });
    if (byRun.size > 0) {
      await inTransaction(this.orm, async (client) => {
        const runIds = [...byRun.keys()];
        await this.tables.lockRuns(client, runIds);
        const runs = await this.tables.loadRuns(client, runIds);
        const agents = await this.tables.loadAgents(client, runIds);
        const steps = await this.tables.loadSteps(client, stepKeysOf(messages));
        const agentsOf = groupBy(agents, (agent) => agent.runId);
        const stepsOf = groupBy(steps, (step) => step.runId);
        const runOf = new Map(runs.map((run) => [run.id, run]));
        const rowsOf = new Map(
          runIds.map((runId) => [
            runId,
            new RunRows(runId, runOf.get(runId), agentsOf.get(runId) ?? [], stepsOf.get(runId) ?? []),
          ]),
        );
        for (const [runId, indexes] of byRun) {
          const rows = rowsOf.get(runId) as RunRows;
          const inSeqOrder = [...indexes].sort(
            (a, b) => messages[a].events[0].seq - messages[b].events[0].seq || a - b,
          );
          for (const index of inSeqOrder) results[index] = applyMessage(rows, messages[index]);
        }
        await this.tables.write(client, changesOf([...rowsOf.values()]));
      });
    }
    return messages.map((message, index) => ({
      runId: message.events[0]?.runId,
      seq: message.events[0]?.seq,
      result: results[index],
    }));
  }
}

/** A message's events in order; the first gap stops it (the rest will follow on redelivery). */
function applyMessage(rows: RunRows, message: RunLogMessage): ProjectionResult {
  let applied = false;
  for (const event of message.events) {
    const position = rows.apply(event, message.streamSeq);
    if (position === 'gap') return 'gap';
    if (position === 'next') applied = true;
  }
  return applied ? 'applied' : 'duplicate';
}

const STEP_EVENTS = new Set<RunEvent['type']>([
  'AgentScheduled',
  'AgentStarted',
  'AgentSucceeded',
  'AgentFailed',
  'WaitStarted',
  'WaitResolved',
  'WaitTimedOut',
]);

/** The step rows the batch's events may read: those they name. */
function stepKeysOf(messages: readonly RunLogMessage[]) {
  const keys = new Map<string, { runId: string; agent: string; iteration: number }>();
  for (const { events } of messages) {
    for (const event of events) {
      if (!STEP_EVENTS.has(event.type)) continue;
      const { agent, iteration } = event.data as { agent: string; iteration: number };
      keys.set(JSON.stringify([event.runId, agent, iteration]), { runId: event.runId, agent, iteration });
    }
  }
  return [...keys.values()];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function changesOf(all: readonly RunRows[]): ProjectionChanges {
  const changed = all.filter((rows) => rows.runChanged && rows.run !== undefined);
  const changedAgents = (isNew: boolean) =>
    all.flatMap((rows) =>
      [...rows.changedAgents]
        .filter((agent) => rows.newAgents.has(agent) === isNew)
        .flatMap((agent) => rows.agents.get(agent) ?? []),
    );
  return {
    newRuns: changed.flatMap((rows) => (rows.runIsNew && rows.run ? [rows.run] : [])),
    runs: changed.flatMap((rows) => (!rows.runIsNew && rows.run ? [rows.run] : [])),
    runOutputsSet: new Set(all.filter((rows) => rows.runOutputSet).map((rows) => rows.runId)),
    newAgents: changedAgents(true),
    agents: changedAgents(false),
    agentOutputsSet: new Set(
      all.flatMap((rows) => [...rows.agentOutputsSet].map((agent) => agentKey({ runId: rows.runId, agent }))),
    ),
    steps: all.flatMap((rows) => [...rows.changedSteps].flatMap((key) => rows.steps.get(key) ?? [])),
    outputsFromSteps: all.flatMap((rows) =>
      [...rows.outputsFromSteps].map((agent) => ({ runId: rows.runId, agent })),
    ),
  };
}
