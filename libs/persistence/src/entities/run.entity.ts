import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AgentErrorInfo, TriggerInfo } from '@baton/engine';
import { BATON_SCHEMA } from '../baton-schema';
import { RUN_STATUSES } from '../run-statuses';

/** A run's error as stored and served: the engine's error, or one derived from a time-out or cancel. */
export type RunError = AgentErrorInfo & { readonly agent?: string };

/** `baton.runs`: one row per run, the projection of its event log. */
export const Run = defineEntity({
  name: 'Run',
  tableName: 'runs',
  schema: BATON_SCHEMA,
  properties: {
    id: p.text().primary(),
    ensemble: p.text(),
    revision: p.integer(),
    status: p.enum(RUN_STATUSES),
    input: p.json<unknown>().nullable(),
    output: p.json<unknown>().nullable(),
    error: p.json<RunError>().nullable(),
    trigger: p.json<TriggerInfo>(),
    parentRunId: p.text().nullable(),
    traceId: p.text().nullable(),
    createdAt: p.datetime(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    /** The run's last event seq applied: the projector skips anything at or below it. */
    lastSeq: p.integer(),
    /** The JetStream sequence of the last message applied, for operators measuring lag. */
    lastStreamSeq: p.bigint('number').nullable(),
    /** The time (`at`) of the last event applied. */
    lastEventAt: p.datetime().nullable(),
  },
  // B-tree indexes scan backwards, so these serve `ORDER BY created_at DESC, id DESC` keyset pages.
  indexes: [
    { name: 'runs_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'runs_ensemble_created_at_id_index', properties: ['ensemble', 'createdAt', 'id'] },
    { name: 'runs_status_created_at_id_index', properties: ['status', 'createdAt', 'id'] },
  ],
});

export type RunRecord = InferEntity<typeof Run>;
