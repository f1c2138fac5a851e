import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AgentErrorInfo } from '@baton/engine';
import { BATON_SCHEMA } from '../baton-schema';
import { AGENT_STATUSES } from '../run-statuses';

/**
 * `baton.run_agents`: one row per agent of a run, from its `RunRequested` (every agent of the plan,
 * `pending` until it starts) or from the first event that names it. What `GET /api/runs/<id>`
 * shows under `agents`, in `position` order.
 */
export const RunAgent = defineEntity({
  name: 'RunAgent',
  tableName: 'run_agents',
  schema: BATON_SCHEMA,
  properties: {
    runId: p.text().primary(),
    agent: p.text().primary(),
    /** Plan order (the RunRequested's list), then the order agents were first named. */
    position: p.integer(),
    status: p.enum(AGENT_STATUSES),
    /** A loop's number of items, once known; null for an agent without a loop. */
    itemCount: p.integer().nullable(),
    /** Iterations that succeeded: a loop is done when this reaches `item_count`. */
    succeededCount: p.integer(),
    /** The highest attempt any iteration reached. */
    attempts: p.integer(),
    /** A loop's output is the array of its iterations' outputs. */
    output: p.json<unknown>().nullable(),
    error: p.json<AgentErrorInfo>().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    /** Time its attempts waited for a worker (scheduled → a worker's AgentStarted), summed; null before any. */
    queuedMs: p.integer().nullable(),
    /** Time workers ran its attempts (AgentStarted → outcome), summed; null before any. */
    runningMs: p.integer().nullable(),
  },
  primaryKeys: ['runId', 'agent'],
});

export type RunAgentRecord = InferEntity<typeof RunAgent>;
