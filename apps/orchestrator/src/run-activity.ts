import type { EventLog, RecordedDecision, RunEvent, StoredEvents } from '@baton/engine';
import { runMetrics, type Logger, type Metrics, type RunEndStatus } from '@baton/telemetry';

const END_STATUS: Readonly<Partial<Record<RunEvent['type'], RunEndStatus>>> = {
  RunCompleted: 'completed',
  RunFailed: 'failed',
  RunTimedOut: 'timed_out',
  RunCancelled: 'cancelled',
};

/** Runs whose ensemble and start this replica remembers: about as many as the run processor caches. */
const REMEMBERED_RUNS = 10_000;

/**
 * What the orchestrator tells operators about runs, taken from the events it appends (so each fact
 * is counted once, when it becomes true): `baton_runs_started_total` and `baton_runs_ended_total`,
 * and one log line per run start, run end, failed attempt and attempt deferred by an open circuit
 * breaker, marked with `activity` (the lines
 * `baton start` shows). A decorator of the EventLog port: the run processor does not change.
 */
export class RunActivity implements EventLog {
  private readonly runs: ReturnType<typeof runMetrics>;
  /** run id → its ensemble and when it was requested (reads and appends both feed it). */
  private readonly known = new Map<string, { readonly ensemble: string; readonly requestedAt: string }>();

  constructor(
    private readonly log: EventLog,
    metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.runs = runMetrics(metrics);
  }

  async read(runId: string): Promise<StoredEvents> {
    const stored = await this.log.read(runId);
    stored.events.forEach((event) => this.remember(event));
    return stored;
  }

  async append(
    runId: string,
    decision: RecordedDecision,
    expectedLastSubjectSequence: number,
  ): Promise<number> {
    const token = await this.log.append(runId, decision, expectedLastSubjectSequence);
    for (const event of decision.events) {
      this.remember(event);
      this.report(event);
    }
    return token;
  }

  private remember(event: RunEvent): void {
    if (event.type !== 'RunRequested' || this.known.has(event.runId)) return;
    if (this.known.size >= REMEMBERED_RUNS) this.known.delete(this.known.keys().next().value as string);
    this.known.set(event.runId, { ensemble: event.data.ensemble, requestedAt: event.at });
  }

  private report(event: RunEvent): void {
    const run = this.known.get(event.runId);
    const ensemble = run?.ensemble ?? 'unknown';
    const context = { runId: event.runId, ensemble };
    if (event.type === 'RunStarted') {
      this.runs.started(ensemble);
      this.logger.info({ activity: 'run-started', ...context }, `run ${event.runId} of ${ensemble} started`);
      return;
    }
    if (event.type === 'AgentFailed') {
      const { agent, error, final } = event.data;
      // An agent-level failure (a condition, loop items, state.set) belongs to no attempt.
      const attempt = event.data.level === 'attempt' ? event.data.attempt : undefined;
      this.logger.warn(
        {
          activity: 'agent-failed',
          ...context,
          agent,
          attempt,
          final,
          code: error.code,
          error: error.message,
        },
        `agent ${agent} of run ${event.runId} failed (${attempt === undefined ? 'agent' : `attempt ${attempt}`}${final ? ', final' : ', will retry'}): ${error.message}`,
      );
      return;
    }
    if (event.type === 'AgentDeferred') {
      const { agent, attempt, dueAt, error } = event.data;
      this.logger.info(
        { activity: 'agent-deferred', ...context, agent, attempt, dueAt, code: error.code },
        `agent ${agent} of run ${event.runId} deferred (attempt ${attempt}, not counted) until ${dueAt}: ${error.message}`,
      );
      return;
    }
    const status = END_STATUS[event.type];
    if (status === undefined) return;
    this.runs.ended(ensemble, status);
    const durationMs = run === undefined ? undefined : Date.parse(event.at) - Date.parse(run.requestedAt);
    const error = event.type === 'RunFailed' ? event.data.error.message : undefined;
    this.logger[status === 'completed' ? 'info' : 'warn'](
      {
        activity: 'run-ended',
        ...context,
        status,
        ...(durationMs === undefined ? {} : { durationMs }),
        ...(error === undefined ? {} : { error }),
      },
      `run ${event.runId} of ${ensemble} ${status}${error === undefined ? '' : `: ${error}`}`,
    );
    this.known.delete(event.runId);
  }
}
