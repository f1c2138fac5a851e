import { Migration } from '@mikro-orm/migrations';

/**
 * The notifier's delivery log, as it writes it: each row is one attempt of one delivery, named by
 * the delivery's stable id (`X-Conductor-Delivery-Id`, `webhook-id`), so attempts are unique per
 * delivery rather than per (run, notification, event). `url` becomes `target` (an email's target is
 * its recipients), with the channel beside it, and the run event the delivery is about (`event_seq`)
 * so a redelivery rebuilds the same body. The notifier never wrote the table before this migration.
 */
export class Migration20261215000000_notification_deliveries extends Migration {
  override name = 'Migration20261215000000_notification_deliveries';

  override up(): void {
    const table = `"baton"."notification_deliveries"`;
    this.addSql(`alter table ${table} rename column "url" to "target";`);
    this.addSql(`alter table ${table} add column "delivery_id" text null;`);
    this.addSql(`update ${table} set "delivery_id" = "id"::text;`);
    this.addSql(`alter table ${table} alter column "delivery_id" set not null;`);
    this.addSql(`alter table ${table} add column "channel" text not null default 'webhook';`);
    this.addSql(`alter table ${table} alter column "channel" drop default;`);
    this.addSql(
      `alter table ${table} add constraint "notification_deliveries_channel_check" check ("channel" in ('webhook', 'email'));`,
    );
    this.addSql(`alter table ${table} add column "event_seq" int not null default 0;`);
    this.addSql(`alter table ${table} alter column "event_seq" drop default;`);
    this.addSql(`alter table ${table} drop constraint "notification_deliveries_attempt_unique";`);
    this.addSql(
      `alter table ${table} add constraint "notification_deliveries_attempt_unique" unique ("delivery_id", "attempt");`,
    );
    this.addSql(
      `create index "notification_deliveries_run_id_created_at_index" on ${table} ("run_id", "created_at");`,
    );
  }

  override down(): void {
    const table = `"baton"."notification_deliveries"`;
    this.addSql(`drop index "baton"."notification_deliveries_run_id_created_at_index";`);
    this.addSql(`alter table ${table} drop constraint "notification_deliveries_attempt_unique";`);
    // Several deliveries of one (run, notification, event) cannot be kept under the old key.
    this.addSql(
      `delete from ${table} d using ${table} o where d."run_id" = o."run_id" and d."notification_index" = o."notification_index" and d."event" = o."event" and d."attempt" = o."attempt" and d."id" > o."id";`,
    );
    this.addSql(
      `alter table ${table} add constraint "notification_deliveries_attempt_unique" unique ("run_id", "notification_index", "event", "attempt");`,
    );
    this.addSql(`alter table ${table} drop column "event_seq";`);
    this.addSql(`alter table ${table} drop constraint "notification_deliveries_channel_check";`);
    this.addSql(`alter table ${table} drop column "channel";`);
    this.addSql(`alter table ${table} drop column "delivery_id";`);
    this.addSql(`alter table ${table} rename column "target" to "url";`);
  }
}
