/**
 * The orchestrator's application service: one inbox command in, the run's log advanced.
 *
 * load state (cache, else replay of `baton.run.<id>`) → decide → append the decision as one message
 * with optimistic concurrency → publish tasks, timers and commands (each with a dedupe id) → the
 * caller acks.
 *
 * Crash safety: a command is acked only after all of this. A decision is appended atomically, so
 * when a command is redelivered its decision is either in the log (whole) or not at all. If it is,
 * the command is applied: the decision is recomputed from the state *before* it — decide is pure
 * and deterministic — and its tasks, timers and commands are published again (JetStream dedupes
 * them by id); nothing is appended.
 */
import type { EnsembleDefinition } from '@baton/model';
import { inTraceOf } from '@baton/telemetry';
import { admitRun, cancelRun, childRunEnded } from '@baton/intake';
import {
  AppendConflictError,
  decide,
  foldEvents,
  LATEST_REVISION,
  type Command,
  type Decision,
  type DefinitionStore,
  type EnvironmentSnapshot,
  type EventLog,
  type Inbox,
  type RecordedDecision,
  type RunEvent,
  type RunState,
  type TaskQueue,
  type Timers,
  type WaitRegistry,
  type ConcurrencySlots,
  type AdmissionDecision,
  TERMINAL_EVENT_TYPES,
} from '@baton/engine';

export interface RunProcessorDeps {
  readonly log: EventLog;
  readonly tasks: TaskQueue;
  readonly timers: Timers;
  readonly inbox: Inbox;
  /** The process's definition cache (bounded, shared): revisions by number, the latest for a child's start. */
  readonly definitions: Pick<DefinitionStore, 'latest' | 'get'>;
  /** Kept in step with WaitStarted / WaitResolved / WaitTimedOut so the API can route a resolution. */
  readonly waits?: WaitRegistry;
  /** Admits the queued runs of ensembles with `concurrency`. */
  readonly slots?: ConcurrencySlots;
  /** The orchestrator's environment, snapshotted once at start, for conditions, loop items, outputs and transforms. */
  readonly env: EnvironmentSnapshot;
  readonly maxCachedRuns?: number;
}

export type HandleOutcome =
  | { readonly kind: 'applied'; readonly events: number }
  /** The command's decision was already in the log: its tasks, timers and commands were sent again. */
  | { readonly kind: 'replayed'; readonly events: 0 }
  | { readonly kind: 'ignored'; readonly reason: string };

interface CachedRun {
  readonly decisions: readonly RecordedDecision[];
  readonly state: RunState;
  readonly lastSubjectSequence: number;
}

const MAX_CONFLICT_RETRIES = 8;

export class RunProcessor {
  private readonly cache = new Map<string, CachedRun>();
  /** Per run, the command being handled and those queued behind it (the last one's promise). */
  private readonly runQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: RunProcessorDeps) {}

  /**
   * Commands of one run are decided one after another in this process: a second would otherwise
   * decide on the same state, conflict on append and re-read the run's log. Commands of different
   * runs are handled at once, their appends and publishes in flight together.
   */
  handle(received: Command): Promise<HandleOutcome> {
    const runId = received.runId;
    const before = this.runQueues.get(runId) ?? Promise.resolve();
    const handled = before.then(
      () => this.handleInOrder(received),
      () => this.handleInOrder(received),
    );
    this.runQueues.set(runId, handled);
    const forget = () => {
      if (this.runQueues.get(runId) === handled) this.runQueues.delete(runId);
    };
    handled.then(forget, forget);
    return handled;
  }

  private async handleInOrder(received: Command): Promise<HandleOutcome> {
    const command = await this.pinRevision(received);
    for (let attempt = 1; ; attempt++) {
      const cached = this.cache.has(command.runId);
      const run = await this.load(command.runId);
      const definition = await this.definitionFor(run, command);
      if (!definition) return this.refuse(command);
      const recorded = run.decisions.findIndex((decision) => decision.commandId === command.commandId);
      if (recorded >= 0) return this.redispatch(definition, run, command, recorded);
      const decision = decide(definition, run.state, command, { env: this.deps.env });
      if (decision.events.length === 0 && cached) {
        // Nothing to append means no conflict check either: another replica may have moved the run
        // on (a result that looks stale here may be the open attempt there). Decide on the log.
        this.cache.delete(command.runId);
        continue;
      }
      let next = run;
      if (decision.events.length > 0) {
        const appended = { commandId: command.commandId, events: decision.events };
        try {
          next = {
            decisions: [...run.decisions, appended],
            state: foldEvents(decision.events, run.state),
            lastSubjectSequence: await this.deps.log.append(command.runId, appended, run.lastSubjectSequence),
          };
        } catch (error) {
          this.cache.delete(command.runId);
          if (error instanceof AppendConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
          throw error;
        }
        this.remember(command.runId, next);
      }
      await this.syncWaits(run.state, next.state, command.runId);
      await this.dispatch(decision);
      await this.coordinate(definition, next.state, decision.events, command);
      return { kind: 'applied', events: decision.events.length };
    }
  }

  /** The current state of a run as the orchestrator sees it (for tests and diagnostics). */
  async state(runId: string): Promise<RunState> {
    return (await this.load(runId)).state;
  }

  /**
   * A command whose decision is already in the log (a redelivery after a crash, or a replica that
   * decided it first) is applied: publish what its decision sent again, append nothing.
   */
  private async redispatch(
    definition: EnsembleDefinition,
    run: CachedRun,
    command: Command,
    recorded: number,
  ): Promise<HandleOutcome> {
    const before = foldEvents(run.decisions.slice(0, recorded).flatMap((decision) => decision.events));
    const decision = decide(definition, before, command, { env: this.deps.env });
    await this.syncWaits(before, run.state, command.runId);
    await this.dispatch(decision);
    await this.coordinate(definition, run.state, run.decisions[recorded].events, command);
    return { kind: 'replayed', events: 0 };
  }

  /**
   * Everything a decision sends, in flight at once once the decision is in the log: its tasks,
   * timers and commands are independent of one another (each is deduped by its id), and a decision
   * never schedules and cancels one timer id (the engine drops such a pair).
   */
  private async dispatch(decision: Decision): Promise<void> {
    await Promise.all([
      ...decision.tasks.map((task) => this.deps.tasks.publish(task)),
      // A run a step sent has a trace of its own (linked to the attempt): its start, or the timer
      // that delivers a delayed one, is published in it.
      ...decision.timers.map((timer) =>
        inTraceOf(timer.command.traceparent, () => this.deps.timers.schedule(timer)),
      ),
      ...(decision.cancelledTimers.length > 0 ? [this.deps.timers.cancel(decision.cancelledTimers)] : []),
      ...decision.commands.map((command) =>
        inTraceOf(command.traceparent, () => this.deps.inbox.send(command)),
      ),
    ]);
  }

  /** A command for a run that cannot exist; a child's parent is told, so it does not wait for ever. */
  private async refuse(command: Command): Promise<HandleOutcome> {
    if (command.type === 'StartRun' && command.parent) {
      await this.deps.inbox.send(
        childRunEnded({
          parent: command.parent,
          childRunId: command.runId,
          at: command.at,
          status: 'failed',
          error: { code: 'unknown-ensemble', message: `ensemble '${command.ensemble}' does not exist` },
        }),
      );
    }
    const what =
      command.type === 'StartRun'
        ? `ensemble '${command.ensemble}' revision ${command.revision}`
        : `run ${command.runId}`;
    return { kind: 'ignored', reason: `no definition for ${what}` };
  }

  /** Opens the waits a decision opened and closes those it resolved, timed out or abandoned. */
  private async syncWaits(before: RunState, after: RunState, runId: string): Promise<void> {
    const waits = this.deps.waits;
    if (!waits || before.waits === after.waits) return;
    for (const key of Object.keys(after.waits)) if (!(key in before.waits)) await waits.open(key, runId);
    for (const key of Object.keys(before.waits)) if (!(key in after.waits)) await waits.close(key);
  }

  /**
   * Ensemble `concurrency`: a queued run acquires its slot, an ended one releases it. The slot's
   * running runs are (re)sent AdmitRun each time — a no-op for a run already started — so a crash
   * between the slot update and the send cannot leave a run queued for ever.
   */
  private async coordinate(
    definition: EnsembleDefinition,
    state: RunState,
    events: readonly RunEvent[],
    command: Command,
  ) {
    const { slots } = this.deps;
    const policy = definition.concurrency;
    if (!slots || !policy || state.concurrencyKey === undefined) return;
    const slot = `${definition.name}#${state.concurrencyKey}`;
    let decision: AdmissionDecision | undefined;
    for (const event of events) {
      if (event.type === 'RunQueued') {
        decision = await slots.decide(slot, {
          type: 'Acquire',
          runId: event.runId,
          revision: state.revision ?? 0,
          policy: policy.onNew,
          limit: policy.limit,
        });
      } else if ((TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type)) {
        decision = await slots.decide(slot, { type: 'Release', runId: event.runId });
      }
    }
    if (!decision) return;
    const at = command.at;
    for (const runId of new Set([...decision.admit, ...decision.state.running.map((run) => run.runId)])) {
      await this.deps.inbox.send(admitRun({ runId, at }));
    }
    for (const runId of decision.cancel) {
      await this.deps.inbox.send(
        cancelRun({
          runId,
          at,
          reason: `a newer run of '${definition.name}' took its concurrency slot (onNew: cancel-running)`,
          cause: 'concurrency',
        }),
      );
    }
  }

  /** A child run's StartRun names no revision (its parent cannot know it): it runs the latest. */
  private async pinRevision(command: Command): Promise<Command> {
    if (command.type !== 'StartRun' || command.revision !== LATEST_REVISION) return command;
    const latest = await this.deps.definitions.latest(command.ensemble);
    return latest ? { ...command, revision: latest.revision } : command;
  }

  private async load(runId: string): Promise<CachedRun> {
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const stored = await this.deps.log.read(runId);
    const run = {
      decisions: stored.decisions,
      state: foldEvents(stored.events),
      lastSubjectSequence: stored.lastSubjectSequence,
    };
    this.remember(runId, run);
    return run;
  }

  private remember(runId: string, run: CachedRun): void {
    this.cache.delete(runId); // re-insert: Map order is the LRU order
    this.cache.set(runId, run);
    const limit = this.deps.maxCachedRuns ?? 10_000;
    if (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async definitionFor(run: CachedRun, command: Command): Promise<EnsembleDefinition | undefined> {
    const first = run.decisions[0]?.events[0];
    const requested = first?.type === 'RunRequested' ? first.data : undefined;
    const source = requested ?? (command.type === 'StartRun' ? command : undefined);
    if (!source) return undefined;
    return this.deps.definitions.get(source.ensemble, source.revision);
  }
}
