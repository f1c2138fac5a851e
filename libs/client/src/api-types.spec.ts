/**
 * The client writes the API's shapes out (the published package imports nothing of Baton's server
 * code); these checks fail to compile when a server type and its copy here stop matching.
 */
import type {
  RunEvent as EngineRunEvent,
  RunStatus as EngineRunStatus,
  RunSummary,
  AgentSummary,
  AgentStatus as EngineAgentStatus,
} from '@baton/engine';
import type { DeliveryAttemptView, RunListItem as ServerRunListItem } from '@baton/persistence';
import type {
  AgentStatus,
  AgentView,
  DeliveryAttempt,
  Run,
  RunEvent,
  RunListItem,
  RunStatus,
} from './api-types';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function check<T extends true>(proof: T): T {
  return proof;
}

describe('the API shapes of @baton/client', () => {
  it('list the statuses the API shows (the engine’s, without the never-shown pending)', () => {
    check<Same<RunStatus, Exclude<EngineRunStatus, 'pending'>>>(true);
    check<Same<AgentStatus, EngineAgentStatus>>(true);
    check<Same<RunStatus, ServerRunListItem['status']>>(true);
  });

  it('give a run, an agent, a list row and an event the fields the server sends', () => {
    check<Same<keyof Run, keyof RunSummary>>(true);
    check<Same<keyof AgentView, keyof AgentSummary>>(true);
    check<Same<keyof RunListItem, keyof ServerRunListItem>>(true);
    check<Same<DeliveryAttempt, DeliveryAttemptView>>(true);
    check<Same<keyof RunEvent, keyof EngineRunEvent | 'traceparent'>>(true);
  });

  it('accept what the server sends where the server is more precise', () => {
    const fromServer = (run: ServerRunListItem): RunListItem => run;
    const event = (value: EngineRunEvent): RunEvent<unknown> => value;
    expect([fromServer, event]).toHaveLength(2);
  });
});
