import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AgentErrorInfo } from '@baton/engine';
import { BATON_SCHEMA } from '../baton-schema';
import { STEP_STATUSES } from '../run-statuses';

/**
 * `baton.run_steps`: one row per agent iteration the engine scheduled (iteration 0 for an agent
 * without a loop). The natural key is the primary key, so replaying events upserts the same rows.
 */
export const RunStep = defineEntity({
  name: 'RunStep',
  tableName: 'run_steps',
  schema: BATON_SCHEMA,
  properties: {
    runId: p.text().primary(),
    agent: p.text().primary(),
    iteration: p.integer().primary(),
    status: p.enum(STEP_STATUSES),
    /** The iteration's latest attempt number (1, then 2 after one retry, …). */
    attempts: p.integer(),
    /** The loop item this iteration ran for; null for an agent without a loop. */
    item: p.json<unknown>().nullable(),
    output: p.json<unknown>().nullable(),
    error: p.json<AgentErrorInfo>().nullable(),
    /** When the latest attempt was scheduled (queued for a worker). */
    scheduledAt: p.datetime(),
    /** When a worker began the latest attempt (its `AgentStarted`); null until then. */
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
  primaryKeys: ['runId', 'agent', 'iteration'],
});

export type RunStepRecord = InferEntity<typeof RunStep>;
