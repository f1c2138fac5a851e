/** The run as the API shows it (interfaces.md, GET /api/runs/<id>), computed from its state. */
import type { AgentErrorInfo } from './events';
import type { AgentStatus, RunState, RunStatus } from './run-state';

export interface AgentSummary {
  readonly status: AgentStatus;
  readonly output: unknown;
  readonly error: AgentErrorInfo | null;
  readonly attempts: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /**
   * Of its worker attempts (summed over attempts and items): time spent queued for a worker, and
   * time the workers ran them. Null when no worker reported a start (orchestrated operations).
   */
  readonly queuedMs: number | null;
  readonly runningMs: number | null;
}

export interface RunSummary {
  readonly id: string | null;
  readonly ensemble: string | null;
  readonly revision: number | null;
  readonly status: RunStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: (AgentErrorInfo & { readonly agent?: string }) | null;
  readonly agents: Readonly<Record<string, AgentSummary>>;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The trace id of the run's W3C traceparent, when tracing is on. */
  readonly traceId: string | null;
}

export function runSummary(state: RunState): RunSummary {
  const agents: Record<string, AgentSummary> = {};
  for (const [name, agent] of Object.entries(state.agents)) {
    agents[name] = {
      status: agent.status,
      output: agent.output ?? null,
      error: agent.error ?? null,
      attempts: agent.attempts,
      startedAt: agent.startedAt ?? null,
      finishedAt: agent.finishedAt ?? null,
      queuedMs: agent.queuedMs ?? null,
      runningMs: agent.runningMs ?? null,
    };
  }
  return {
    id: state.runId ?? null,
    ensemble: state.ensemble ?? null,
    revision: state.revision ?? null,
    status: state.status,
    input: state.input ?? null,
    output: state.output ?? null,
    error: state.error ?? null,
    agents,
    startedAt: state.startedAt ?? null,
    finishedAt: state.finishedAt ?? null,
    traceId: traceIdOf(state.traceparent),
  };
}

/** `00-<trace-id>-<span-id>-<flags>` → `<trace-id>`. */
function traceIdOf(traceparent: string | undefined): string | null {
  const traceId = traceparent?.split('-')[1];
  return traceId !== undefined && /^[0-9a-f]{32}$/.test(traceId) ? traceId : null;
}
