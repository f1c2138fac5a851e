/**
 * The names a notification's fields (`url`, `secret`, `to`, `from`, `subject`) are evaluated with,
 * in the notifier: every agent by its name, `input`, `state`, `execution`, `ensemble`, `event`,
 * `data` (payload fields with the run's input and output spread in), `timestamp`, and `env` — the
 * notifier's own environment, so `secret: ${env.X}` is read here and nowhere else.
 */
import { agentView, type EnvironmentSnapshot, type RunState } from '@baton/engine';
import type { Scope } from '@baton/expressions';
import type { EnsembleDefinition } from '@baton/model';
import { templateData, type NotificationPayload } from './notification-payload';

export function notificationScope(
  definition: EnsembleDefinition,
  revision: number,
  state: RunState,
  payload: NotificationPayload,
  env: EnvironmentSnapshot,
): Scope {
  const agents: Record<string, unknown> = {};
  for (const agent of definition.agents) {
    const view = agentView(state, agent.name);
    if (view !== undefined) agents[agent.name] = view;
  }
  return {
    ...agents,
    input: state.input,
    state: state.state,
    execution: {
      id: payload.data.id,
      startedAt: state.startedAt ?? state.requestedAt,
      trigger: state.trigger,
    },
    ensemble: { name: definition.name, version: definition.version, revision },
    event: payload.event,
    data: templateData(payload, state),
    timestamp: payload.timestamp,
    env,
  };
}
