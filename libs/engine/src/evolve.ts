/**
 * evolve: the pure fold from events to run state. It never throws and never looks at the
 * definition, so any log replays to the same state. Updates copy only the path they change (see
 * state-writer.ts); the state given is never modified.
 *
 * Agent-level facts: an AgentSucceeded / AgentFailed with `level: 'agent'` concerns the agent as a
 * whole, not an attempt (an empty loop, a condition or loop-items error, a state.set error).
 * Events are always of the current version: the log's decoder upcasts older ones first.
 */
import type { AgentErrorInfo, EventPayloads, RunEvent } from './events';
import { type AgentState, type IterationState, type RunState, initialRunState } from './run-state';
import { StateWriter, type Writable } from './state-writer';

export function evolve(state: RunState, event: RunEvent): RunState {
  return applyEvent(new StateWriter(), state, event);
}

/** Folds a history; the intermediate states are never seen, so one writer serves every event. */
export function foldEvents(events: Iterable<RunEvent>, from: RunState = initialRunState()): RunState {
  const writer = new StateWriter();
  let state = from;
  for (const event of events) state = applyEvent(writer, state, event);
  return state;
}

type Run = Writable<RunState>;

function applyEvent(w: StateWriter, state: RunState, event: RunEvent): RunState {
  const run = w.run(state);
  run.seq = event.seq;
  switch (event.type) {
    case 'RunRequested':
      runRequested(w, run, event.runId, event.at, event.traceparent, event.data);
      break;
    case 'RunQueued':
      run.status = 'queued';
      break;
    case 'RunStarted':
      run.status = 'running';
      run.startedAt = event.at;
      break;
    case 'AgentScheduled':
      agentScheduled(w, run, event.at, event.data);
      break;
    case 'AgentStarted':
      agentStarted(w, run, event.data);
      break;
    case 'AgentSucceeded':
      agentSucceeded(w, run, event.at, event.data);
      break;
    case 'AgentFailed':
      agentFailed(w, run, event.at, event.data);
      break;
    case 'AgentRetryScheduled': {
      const iteration = existingIteration(w, run, event.data.agent, event.data.iteration);
      if (iteration !== undefined)
        iteration.list[iteration.index] = { ...iteration.current, nextAttempt: event.data.attempt };
      break;
    }
    case 'AgentDeferred':
      agentDeferred(w, run, event.data);
      break;
    case 'AgentSkipped': {
      const agent = w.agent(run, event.data.agent);
      agent.status = 'skipped';
      agent.skipReason = event.data.reason;
      agent.finishedAt = event.at;
      break;
    }
    case 'WaitStarted':
      waitStarted(w, run, event.data);
      break;
    case 'WaitResolved':
    case 'WaitTimedOut':
      waitClosed(w, run, event.data);
      break;
    case 'StateUpdated':
      Object.assign(w.values(run), event.data.changes);
      break;
    case 'RunCompleted':
      finishRun(run, 'completed', event.at);
      run.output = event.data.output;
      break;
    case 'RunFailed':
      finishRun(run, 'failed', event.at);
      run.error = event.data.error;
      break;
    case 'RunTimedOut':
      finishRun(run, 'timed_out', event.at);
      run.error = { code: 'timeout', message: `the run exceeded its timeout of ${event.data.timeoutMs} ms` };
      break;
    case 'RunCancelled':
      finishRun(run, 'cancelled', event.at);
      run.error = { code: 'cancelled', message: event.data.reason };
      break;
  }
  return run;
}

function finishRun(run: Run, status: RunState['status'], at: string): void {
  run.status = status;
  run.finishedAt = at;
}

function runRequested(
  w: StateWriter,
  run: Run,
  runId: string,
  at: string,
  traceparent: string | undefined,
  data: EventPayloads['RunRequested'],
): void {
  run.runId = runId;
  run.status = 'queued';
  run.ensemble = data.ensemble;
  run.revision = data.revision;
  run.input = data.input;
  run.trigger = data.trigger;
  run.parent = data.parent;
  run.concurrencyKey = data.concurrencyKey;
  run.traceparent = traceparent;
  run.requestedAt = at;
  for (const name of data.agents ?? []) w.agent(run, name);
}

function agentScheduled(w: StateWriter, run: Run, at: string, data: EventPayloads['AgentScheduled']): void {
  const agent = w.agent(run, data.agent);
  const iterations = w.iterations(agent);
  iterations[data.iteration] = {
    status: 'running',
    attempt: data.attempt,
    taskId: data.taskId,
    item: data.item,
    startedAt: iterations[data.iteration]?.startedAt ?? at,
    attemptStartedAt: at,
    ...deferralsOf(iterations[data.iteration]),
  };
  if (agent.status === 'pending') agent.status = 'running';
  if (data.items !== undefined) agent.items = data.items;
  if (data.attempt > agent.attempts) agent.attempts = data.attempt;
  agent.startedAt ??= at;
}

/**
 * A worker's start of the open attempt: the attempt queued from its AgentScheduled until then; the
 * time it ran is counted when its outcome arrives (recorded in the same decision today).
 */
function agentStarted(w: StateWriter, run: Run, data: EventPayloads['AgentStarted']): void {
  const found = existingIteration(w, run, data.agent, data.iteration);
  if (found === undefined || found.current.attempt !== data.attempt) return;
  found.list[found.index] = { ...found.current, workerStartedAt: data.startedAt };
  const agent = w.agent(run, data.agent);
  agent.queuedMs = (agent.queuedMs ?? 0) + elapsed(found.current.attemptStartedAt, data.startedAt);
}

/** An attempt's outcome: how long its worker ran it, when the worker reported its start. */
function countRunning(
  agent: Writable<AgentState>,
  previous: IterationState | undefined,
  attempt: number,
  at: string,
) {
  if (previous?.workerStartedAt === undefined || previous.attempt !== attempt) return;
  agent.runningMs = (agent.runningMs ?? 0) + elapsed(previous.workerStartedAt, at);
}

function elapsed(from: string, to: string): number {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? 0 : Math.max(0, ms);
}

function agentSucceeded(w: StateWriter, run: Run, at: string, data: EventPayloads['AgentSucceeded']): void {
  const agent = w.agent(run, data.agent);
  if (data.level === 'agent') {
    const outputs = Array.isArray(data.output) ? data.output : [data.output];
    agent.items ??= Array.isArray(data.output) ? data.output : undefined;
    finishAgent(agent, 'succeeded', at, data.output, outputs);
    return;
  }
  const iterations = w.iterations(agent);
  const previous = iterations[data.iteration];
  closeWait(w, run, previous);
  countRunning(agent, previous, data.attempt, at);
  iterations[data.iteration] = {
    status: 'succeeded',
    attempt: data.attempt,
    taskId: data.taskId,
    item: previous?.item,
    output: data.output,
    response: data.response,
    usage: data.usage,
    startedAt: previous?.startedAt ?? at,
    attemptStartedAt: previous?.attemptStartedAt ?? at,
    finishedAt: at,
    ...deferralsOf(previous),
  };
  agent.succeededCount += 1;
  if (data.attempt > agent.attempts) agent.attempts = data.attempt;
  if (!isOpen(agent)) return;
  if (agent.items === undefined) {
    agent.response = data.response;
    agent.usage = data.usage;
    finishAgent(agent, 'succeeded', at, data.output, [data.output]);
  } else if (agent.succeededCount >= agent.items.length) {
    const outputs = iterations.map((iteration) => iteration.output);
    finishAgent(agent, 'succeeded', at, outputs, outputs);
  }
}

function agentFailed(w: StateWriter, run: Run, at: string, data: EventPayloads['AgentFailed']): void {
  const agent = w.agent(run, data.agent);
  if (data.level === 'agent') {
    failAgent(agent, data.error, at);
    return;
  }
  const iterations = w.iterations(agent);
  const previous = iterations[data.iteration];
  closeWait(w, run, previous);
  countRunning(agent, previous, data.attempt, at);
  iterations[data.iteration] = {
    status: data.final ? 'failed' : 'retrying',
    attempt: data.attempt,
    taskId: data.taskId,
    item: previous?.item,
    error: data.error,
    startedAt: previous?.startedAt ?? at,
    attemptStartedAt: previous?.attemptStartedAt ?? at,
    finishedAt: data.final ? at : undefined,
    ...deferralsOf(previous),
  };
  if (data.attempt > agent.attempts) agent.attempts = data.attempt;
  if (data.final && isOpen(agent)) failAgent(agent, data.error, at);
}

/**
 * An attempt a breaker refused: it waits for its timer like a retry, but for the same attempt (it
 * did not count), and the iteration counts one more deferral. The refused sending ran nowhere, so
 * it adds no running time.
 */
function agentDeferred(w: StateWriter, run: Run, data: EventPayloads['AgentDeferred']): void {
  const found = existingIteration(w, run, data.agent, data.iteration);
  if (found === undefined || found.current.attempt !== data.attempt) return;
  const { workerStartedAt: _refused, ...current } = found.current;
  found.list[found.index] = {
    ...current,
    status: 'retrying',
    nextAttempt: data.attempt,
    error: data.error,
    deferrals: (found.current.deferrals ?? 0) + 1,
  };
}

/** Deferrals are carried from one state of an iteration to the next. */
function deferralsOf(previous: IterationState | undefined): { deferrals?: number } {
  return previous?.deferrals ? { deferrals: previous.deferrals } : {};
}

function isOpen(agent: AgentState): boolean {
  return agent.status === 'running' || agent.status === 'waiting' || agent.status === 'pending';
}

/** A failed agent keeps what it produced: a loop's finished items, or the output whose state.set failed. */
function failAgent(agent: Writable<AgentState>, error: AgentErrorInfo, at: string): void {
  agent.error = error;
  if (agent.items === undefined) {
    const only = agent.iterations[0];
    finishAgent(agent, 'failed', at, only?.output, only?.status === 'succeeded' ? [only.output] : []);
  } else {
    const outputs = agent.iterations.map((iteration) => iteration.output);
    finishAgent(agent, 'failed', at, outputs, outputs);
  }
}

function finishAgent(
  agent: Writable<AgentState>,
  status: 'succeeded' | 'failed',
  at: string,
  output: unknown,
  outputs: readonly unknown[],
): void {
  agent.status = status;
  agent.output = output;
  agent.outputs = outputs;
  agent.startedAt ??= at;
  agent.finishedAt = at;
}

function existingIteration(w: StateWriter, run: Run, name: string, index: number) {
  if (run.agents[name]?.iterations[index] === undefined) return undefined;
  const list = w.iterations(w.agent(run, name));
  return { list, index, current: list[index] };
}

function waitStarted(w: StateWriter, run: Run, data: EventPayloads['WaitStarted']): void {
  const found = existingIteration(w, run, data.agent, data.iteration);
  w.waits(run)[data.key] = {
    agent: data.agent,
    iteration: data.iteration,
    attempt: found?.current.attempt ?? 1,
    timeoutAt: data.timeoutAt,
  };
  if (found !== undefined)
    found.list[found.index] = { ...found.current, status: 'waiting', waitKey: data.key };
  const agent = w.agent(run, data.agent);
  if (agent.status === 'running' || agent.status === 'pending') agent.status = 'waiting';
}

function waitClosed(w: StateWriter, run: Run, data: EventPayloads['WaitResolved' | 'WaitTimedOut']): void {
  delete w.waits(run)[data.key];
  const found = existingIteration(w, run, data.agent, data.iteration);
  if (found !== undefined)
    found.list[found.index] = { ...found.current, status: 'running', waitKey: undefined };
  const agent = w.agent(run, data.agent);
  if (agent.status === 'waiting') agent.status = 'running';
}

/** An iteration that ends while waiting (abandoned) closes its wait. */
function closeWait(w: StateWriter, run: Run, iteration: IterationState | undefined): void {
  const key = iteration?.waitKey;
  if (key !== undefined && run.waits[key] !== undefined) delete w.waits(run)[key];
}
