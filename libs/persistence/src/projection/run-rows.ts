import {
  evolve,
  initialRunState,
  runSummary,
  type AgentErrorInfo,
  type EventPayloads,
  type RunEvent,
} from '@baton/engine';
import { eventPosition, type EventPosition } from '../event-position';
import type { AgentStatus } from '../run-statuses';
import { stepKey, type AgentRow, type RunRow, type StepRow } from './projection-rows';

type AgentEvent<T extends 'AgentSucceeded' | 'AgentFailed'> = EventPayloads[T];

/**
 * One run's rows during a batch: the rows as loaded, changed event by event. Each event maps to
 * changes of the run row, of its agent's row and of its iteration's step row, following the
 * engine's `evolve` (which the equivalence specs hold it to) without keeping the engine's state.
 *
 * A loop's (or a failed agent's) output is its iterations' outputs, some of which may not be
 * loaded: such an agent is listed in `outputsFromSteps` and its output is set in SQL once the
 * batch's steps are written (projection-tables.ts). Rows are read without what a batch never
 * needs (a run's input, trigger and output, an agent's output): `runIsNew`, `newAgents`,
 * `runOutputSet` and `agentOutputsSet` say what to write whole and which outputs were set.
 */
export class RunRows {
  readonly agents: Map<string, AgentRow>;
  readonly steps: Map<string, StepRow>;
  readonly changedAgents = new Set<string>();
  /** Agents created in this batch: inserted whole. */
  readonly newAgents = new Set<string>();
  /** Agents whose output the batch set (rows are read without it). */
  readonly agentOutputsSet = new Set<string>();
  readonly changedSteps = new Set<string>();
  readonly outputsFromSteps = new Set<string>();
  runChanged = false;
  /** Created by this batch's RunRequested: inserted whole. */
  runIsNew = false;
  /** The batch set the run's output (rows are read without it). */
  runOutputSet = false;

  constructor(
    readonly runId: string,
    public run: RunRow | undefined,
    agents: readonly AgentRow[],
    steps: readonly StepRow[],
  ) {
    this.agents = new Map(agents.map((row) => [row.agent, row]));
    this.steps = new Map(steps.map((row) => [stepKey(row.agent, row.iteration), row]));
  }

  /** Applies the event when it is the run's next one; a duplicate or a gap changes nothing. */
  apply(event: RunEvent, streamSeq: number | undefined): EventPosition {
    const position = eventPosition(this.run?.lastSeq, event);
    if (position !== 'next') return position;
    this.applyEvent(event);
    const run = this.run as RunRow;
    run.lastSeq = event.seq;
    run.lastEventAt = event.at;
    run.lastStreamSeq = streamSeq ?? run.lastStreamSeq;
    this.runChanged = true;
    return 'next';
  }

  private applyEvent(event: RunEvent): void {
    switch (event.type) {
      case 'RunRequested':
        return this.requested(event);
      case 'RunQueued':
        this.runRow().status = 'queued';
        return;
      case 'RunStarted':
        Object.assign(this.runRow(), { status: 'running', startedAt: event.at });
        return;
      case 'AgentScheduled':
        return this.scheduled(event.at, event.data);
      case 'AgentStarted': {
        // The worker's start of the attempt: `data.startedAt` when the event carries it (it is
        // recorded with the attempt's result), else the event's time.
        const { startedAt } = event.data as { readonly startedAt?: unknown };
        const step = this.steps.get(stepKey(event.data.agent, event.data.iteration));
        if (step?.attempts !== event.data.attempt) return;
        const workerStart = typeof startedAt === 'string' ? startedAt : event.at;
        this.changeStep(step, { startedAt: workerStart });
        const agent = this.agent(event.data.agent);
        this.changeAgent(agent, {
          queuedMs: (agent.queuedMs ?? 0) + elapsedMs(step.scheduledAt, workerStart),
        });
        return;
      }
      case 'AgentSucceeded':
        return this.succeeded(event.at, event.data);
      case 'AgentFailed':
        return this.failed(event.at, event.data);
      case 'AgentDeferred':
        return this.deferred(event.data);
      case 'AgentSkipped':
        this.changeAgent(this.agent(event.data.agent), { status: 'skipped', finishedAt: event.at });
        return;
      case 'WaitStarted':
        return this.waitChanged(event.data, 'waiting', ['running', 'pending']);
      case 'WaitResolved':
      case 'WaitTimedOut':
        return this.waitChanged(event.data, 'running', ['waiting']);
      case 'RunCompleted':
      case 'RunFailed':
      case 'RunTimedOut':
      case 'RunCancelled': {
        // The engine words a time-out's and a cancel's error: fold the event alone to get it.
        const { status, finishedAt, output, error } = evolve(initialRunState(), event);
        Object.assign(this.runRow(), {
          status,
          finishedAt: finishedAt ?? event.at,
          ...(event.type === 'RunCompleted' ? { output: output ?? null } : { error: error ?? null }),
        });
        if (event.type === 'RunCompleted') this.runOutputSet = true;
        return;
      }
      // AgentRetryScheduled and StateUpdated change nothing the read models show.
    }
  }

  private requested(event: Extract<RunEvent, { type: 'RunRequested' }>): void {
    const { data } = event;
    this.runIsNew = true;
    this.run = {
      id: event.runId,
      ensemble: data.ensemble,
      revision: data.revision,
      status: 'queued',
      input: data.input ?? null,
      output: null,
      error: null,
      trigger: data.trigger,
      parentRunId: data.parent?.runId ?? null,
      // The engine's rule for a traceparent's trace id.
      traceId: runSummary({ ...initialRunState(), traceparent: event.traceparent }).traceId,
      createdAt: event.at,
      startedAt: null,
      finishedAt: null,
      lastSeq: 0,
      lastStreamSeq: null,
      lastEventAt: null,
    };
    for (const name of data.agents ?? []) this.agent(name);
  }

  private scheduled(at: string, data: EventPayloads['AgentScheduled']): void {
    const agent = this.agent(data.agent);
    this.putStep(data.agent, data.iteration, {
      status: 'running',
      attempts: data.attempt,
      item: data.item ?? null,
      output: null,
      error: null,
      scheduledAt: at,
      startedAt: null,
      finishedAt: null,
    });
    this.changeAgent(agent, {
      status: agent.status === 'pending' ? 'running' : agent.status,
      itemCount: data.items === undefined ? agent.itemCount : data.items.length,
      attempts: Math.max(agent.attempts, data.attempt),
      startedAt: agent.startedAt ?? at,
    });
  }

  private succeeded(at: string, data: AgentEvent<'AgentSucceeded'>): void {
    const agent = this.agent(data.agent);
    if (data.level === 'agent') {
      // An agent that succeeded without an attempt (a loop over no items): its output is given.
      if (agent.itemCount === null && Array.isArray(data.output)) agent.itemCount = data.output.length;
      this.finish(agent, 'succeeded', at, { output: data.output ?? null });
      return;
    }
    const previous = this.steps.get(stepKey(data.agent, data.iteration));
    this.putStep(data.agent, data.iteration, {
      status: 'succeeded',
      attempts: data.attempt,
      item: previous?.item ?? null,
      output: data.output ?? null,
      error: null,
      scheduledAt: previous?.scheduledAt ?? at,
      startedAt: previous?.startedAt ?? null,
      finishedAt: at,
    });
    this.changeAgent(agent, {
      succeededCount: agent.succeededCount + 1,
      attempts: Math.max(agent.attempts, data.attempt),
      ...this.ranFor(agent, previous, data.attempt, at),
    });
    if (!isOpen(agent.status)) return;
    if (agent.itemCount === null) this.finish(agent, 'succeeded', at, { output: data.output ?? null });
    else if (agent.succeededCount >= agent.itemCount) this.finish(agent, 'succeeded', at, 'from-steps');
  }

  private failed(at: string, data: AgentEvent<'AgentFailed'>): void {
    const agent = this.agent(data.agent);
    if (data.level === 'agent') {
      this.fail(agent, data.error, at);
      return;
    }
    const previous = this.steps.get(stepKey(data.agent, data.iteration));
    this.putStep(data.agent, data.iteration, {
      status: data.final ? 'failed' : 'retrying',
      attempts: data.attempt,
      item: previous?.item ?? null,
      output: null,
      error: data.error,
      scheduledAt: previous?.scheduledAt ?? at,
      startedAt: previous?.startedAt ?? null,
      finishedAt: data.final ? at : null,
    });
    this.changeAgent(agent, {
      attempts: Math.max(agent.attempts, data.attempt),
      ...this.ranFor(agent, previous, data.attempt, at),
    });
    if (data.final && isOpen(agent.status)) this.fail(agent, data.error, at);
  }

  /**
   * An attempt an open breaker refused: the step waits to be sent again (`retrying`, as the engine
   * has it), shows why, and its attempt count stays: the refused sending did not count.
   */
  private deferred(data: EventPayloads['AgentDeferred']): void {
    const step = this.steps.get(stepKey(data.agent, data.iteration));
    if (step?.attempts !== data.attempt) return;
    this.changeStep(step, { status: 'retrying', error: data.error, startedAt: null });
  }

  /** An attempt's outcome adds how long its worker ran it, when the worker reported its start. */
  private ranFor(agent: AgentRow, step: StepRow | undefined, attempt: number, at: string): Partial<AgentRow> {
    // Only an attempt a worker is running: a retrying step's failed attempt was already counted.
    if (step?.startedAt == null || step.attempts !== attempt || step.status !== 'running') return {};
    return { runningMs: (agent.runningMs ?? 0) + elapsedMs(step.startedAt, at) };
  }

  /** A failed agent keeps what it produced: a loop's finished items, or the output whose state.set failed. */
  private fail(agent: AgentRow, error: AgentErrorInfo, at: string): void {
    this.changeAgent(agent, { error });
    this.finish(agent, 'failed', at, 'from-steps');
  }

  private finish(
    agent: AgentRow,
    status: 'succeeded' | 'failed',
    at: string,
    output: { output: unknown } | 'from-steps',
  ): void {
    this.changeAgent(agent, {
      status,
      startedAt: agent.startedAt ?? at,
      finishedAt: at,
      output: output === 'from-steps' ? null : output.output,
    });
    if (output === 'from-steps') {
      this.outputsFromSteps.add(agent.agent);
    } else {
      this.outputsFromSteps.delete(agent.agent);
      this.agentOutputsSet.add(agent.agent);
    }
  }

  private waitChanged(
    data: { agent: string; iteration: number },
    status: 'waiting' | 'running',
    agentFrom: readonly AgentStatus[],
  ): void {
    const step = this.steps.get(stepKey(data.agent, data.iteration));
    if (step !== undefined) this.changeStep(step, { status });
    const agent = this.agent(data.agent);
    if (agentFrom.includes(agent.status)) this.changeAgent(agent, { status });
  }

  /** The agent's row, created (pending, after the others) the first time the run names it. */
  private agent(name: string): AgentRow {
    let row = this.agents.get(name);
    if (row === undefined) {
      row = {
        runId: this.runId,
        agent: name,
        position: this.agents.size,
        status: 'pending',
        itemCount: null,
        succeededCount: 0,
        attempts: 0,
        queuedMs: null,
        runningMs: null,
        output: null,
        error: null,
        startedAt: null,
        finishedAt: null,
      };
      this.agents.set(name, row);
      this.changedAgents.add(name);
      this.newAgents.add(name);
    }
    return row;
  }

  private changeAgent(row: AgentRow, changes: Partial<AgentRow>): void {
    Object.assign(row, changes);
    this.changedAgents.add(row.agent);
  }

  private putStep(
    agent: string,
    iteration: number,
    columns: Omit<StepRow, 'runId' | 'agent' | 'iteration'>,
  ): void {
    const key = stepKey(agent, iteration);
    this.steps.set(key, { runId: this.runId, agent, iteration, ...columns });
    this.changedSteps.add(key);
  }

  private changeStep(row: StepRow, changes: Partial<StepRow>): void {
    Object.assign(row, changes);
    this.changedSteps.add(stepKey(row.agent, row.iteration));
  }

  private runRow(): RunRow {
    // apply() only gets here after RunRequested created the row (eventPosition says `gap` before).
    return this.run as RunRow;
  }
}

function isOpen(status: AgentStatus): boolean {
  return status === 'running' || status === 'waiting' || status === 'pending';
}

/** Milliseconds from one ISO time to another, never negative (as the engine counts them). */
function elapsedMs(from: string, to: string): number {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? 0 : Math.max(0, ms);
}
