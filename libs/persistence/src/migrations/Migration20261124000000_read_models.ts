import { Migration } from '@mikro-orm/migrations';

/**
 * The first read models: runs, run_steps, webhook_logs, notification_deliveries in the `baton`
 * schema. Committed SQL, never edited once released: a later change is a new migration.
 */
export class Migration20261124000000_read_models extends Migration {
  override name = 'Migration20261124000000_read_models';

  override up(): void {
    this.addSql(`create schema if not exists "baton";`);

    this.addSql(
      `create table "baton"."runs" ("id" text not null, "ensemble" text not null, "revision" int not null, "status" text not null, "input" jsonb null, "output" jsonb null, "error" jsonb null, "trigger" jsonb not null, "parent_run_id" text null, "trace_id" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "last_seq" int not null, "last_stream_seq" bigint null, "snapshot" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "runs_created_at_id_index" on "baton"."runs" ("created_at", "id");`);
    this.addSql(
      `create index "runs_ensemble_created_at_id_index" on "baton"."runs" ("ensemble", "created_at", "id");`,
    );
    this.addSql(
      `create index "runs_status_created_at_id_index" on "baton"."runs" ("status", "created_at", "id");`,
    );
    this.addSql(
      `alter table "baton"."runs" add constraint "runs_status_check" check ("status" in ('queued', 'running', 'completed', 'failed', 'timed_out', 'cancelled'));`,
    );

    this.addSql(
      `create table "baton"."run_steps" ("run_id" text not null, "agent" text not null, "iteration" int not null, "status" text not null, "attempts" int not null, "item" jsonb null, "output" jsonb null, "error" jsonb null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("run_id", "agent", "iteration"));`,
    );
    this.addSql(
      `alter table "baton"."run_steps" add constraint "run_steps_status_check" check ("status" in ('running', 'retrying', 'waiting', 'succeeded', 'failed', 'skipped'));`,
    );

    this.addSql(
      `create table "baton"."webhook_logs" ("id" uuid not null, "trigger_path" text not null, "ensemble" text null, "delivery_id" text null, "run_id" text null, "duplicate" boolean not null, "status_code" int not null, "error_code" text null, "received_at" timestamptz not null, "headers" jsonb not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_logs_trigger_path_received_at_index" on "baton"."webhook_logs" ("trigger_path", "received_at");`,
    );
    this.addSql(`create index "webhook_logs_received_at_index" on "baton"."webhook_logs" ("received_at");`);
    this.addSql(`create index "webhook_logs_run_id_index" on "baton"."webhook_logs" ("run_id");`);

    this.addSql(
      `create table "baton"."notification_deliveries" ("id" uuid not null, "run_id" text not null, "notification_index" int not null, "event" text not null, "url" text not null, "attempt" int not null, "status" text not null, "response_code" int null, "error" text null, "delivered_at" timestamptz null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "notification_deliveries_status_next_attempt_at_index" on "baton"."notification_deliveries" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `alter table "baton"."notification_deliveries" add constraint "notification_deliveries_attempt_unique" unique ("run_id", "notification_index", "event", "attempt");`,
    );
    this.addSql(
      `alter table "baton"."notification_deliveries" add constraint "notification_deliveries_status_check" check ("status" in ('pending', 'retrying', 'delivered', 'failed'));`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "baton"."notification_deliveries";`);
    this.addSql(`drop table if exists "baton"."webhook_logs";`);
    this.addSql(`drop table if exists "baton"."run_steps";`);
    this.addSql(`drop table if exists "baton"."runs";`);
  }
}
