import { Migration } from '@mikro-orm/migrations';

/**
 * The projector owns its rows: `runs` loses the engine's `RunState` snapshot (and gains the time of
 * its last event), agents get their own table (`run_agents`, what the API shows per agent), and
 * `run_steps` holds iterations only, with the latest attempt's scheduled and started times.
 *
 * Existing rows are carried over from the snapshot they were derived from, so the API answers the
 * same before and after; `baton projections rebuild` rebuilds them from the log whenever wanted.
 */
export class Migration20261207000000_projector_rows extends Migration {
  override name = 'Migration20261207000000_projector_rows';

  override up(): void {
    this.addSql(
      `create table "baton"."run_agents" ("run_id" text not null, "agent" text not null, "position" int not null, "status" text not null, "item_count" int null, "succeeded_count" int not null, "attempts" int not null, "output" jsonb null, "error" jsonb null, "started_at" timestamptz null, "finished_at" timestamptz null, "queued_ms" int null, "running_ms" int null, primary key ("run_id", "agent"));`,
    );
    this.addSql(
      `alter table "baton"."run_agents" add constraint "run_agents_status_check" check ("status" in ('pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'));`,
    );
    // Agents in the order the old API showed them (the snapshot's), each as the snapshot had it.
    this.addSql(
      `insert into "baton"."run_agents" select r."id", a.name, (a.position - 1)::int, a.state->>'status', case when a.state ? 'items' then jsonb_array_length(a.state->'items') end, coalesce((a.state->>'succeededCount')::int, 0), coalesce((a.state->>'attempts')::int, 0), a.state->'output', a.state->'error', (a.state->>'startedAt')::timestamptz, (a.state->>'finishedAt')::timestamptz, (a.state->>'queuedMs')::int, (a.state->>'runningMs')::int from "baton"."runs" r cross join lateral jsonb_each(r."snapshot"->'agents') with ordinality as a(name, state, position);`,
    );

    // Agent-level rows (an agent finished without an iteration) now live in run_agents only.
    this.addSql(`delete from "baton"."run_steps" where "attempts" = 0;`);
    this.addSql(`alter table "baton"."run_steps" drop constraint "run_steps_status_check";`);
    this.addSql(
      `alter table "baton"."run_steps" add constraint "run_steps_status_check" check ("status" in ('running', 'retrying', 'waiting', 'succeeded', 'failed'));`,
    );
    this.addSql(`alter table "baton"."run_steps" add column "scheduled_at" timestamptz null;`);
    this.addSql(
      `update "baton"."run_steps" s set "scheduled_at" = coalesce((r."snapshot"->'agents'->s."agent"->'iterations'->s."iteration"->>'attemptStartedAt')::timestamptz, s."started_at", r."created_at") from "baton"."runs" r where r."id" = s."run_id";`,
    );
    // started_at meant the first attempt's scheduling; it now means a worker's start (AgentStarted).
    this.addSql(`update "baton"."run_steps" set "started_at" = null;`);
    this.addSql(`alter table "baton"."run_steps" alter column "scheduled_at" set not null;`);

    this.addSql(`alter table "baton"."runs" add column "last_event_at" timestamptz null;`);
    this.addSql(`alter table "baton"."runs" drop column "snapshot";`);
  }

  override down(): void {
    // The snapshot cannot be derived from rows: going down leaves the runs for a rebuild.
    this.addSql(`truncate table "baton"."runs", "baton"."run_steps";`);
    this.addSql(`alter table "baton"."runs" drop column "last_event_at";`);
    this.addSql(`alter table "baton"."runs" add column "snapshot" jsonb not null;`);
    this.addSql(`alter table "baton"."run_steps" drop column "scheduled_at";`);
    this.addSql(`alter table "baton"."run_steps" drop constraint "run_steps_status_check";`);
    this.addSql(
      `alter table "baton"."run_steps" add constraint "run_steps_status_check" check ("status" in ('running', 'retrying', 'waiting', 'succeeded', 'failed', 'skipped'));`,
    );
    this.addSql(`drop table if exists "baton"."run_agents";`);
  }
}
