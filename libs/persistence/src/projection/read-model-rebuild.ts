import type { PoolClient } from 'pg';
import { RunAgent } from '../entities/run-agent.entity';
import { RunStep } from '../entities/run-step.entity';
import { Run } from '../entities/run.entity';
import type { ReadModelOrm } from '../orm';

/** Key of the session lock a rebuild holds, so two never run at once. */
const REBUILD_LOCK_KEY = 7_304_205_271_102_027; // arbitrary, fixed: "baton projection rebuild"

export type RebuildStart =
  | { readonly ok: true; readonly rebuild: ReadModelRebuild }
  | { readonly ok: false; readonly code: 'rebuild-running'; readonly message: string };

/**
 * The start and end of a rebuild of the run read models (`runs`, `run_agents`, `run_steps`; not
 * `webhook_logs`, which the log does not hold): `begin` takes the rebuild lock and empties the
 * tables; the caller then replays the log through `RunProjector.applyBatch`; `end` lets go.
 *
 * A projector that keeps running meanwhile does not interleave wrongly: `truncate` waits for its
 * batch in hand and its next batch waits for the truncate; after it, every row grows again from
 * its run's `RunRequested`, so a message the live projector takes before the replay reaches its
 * run is a gap (redelivered later) or a `RunRequested` (applied once, then a duplicate for the
 * replay). The replay reads up to the stream's last message at the time the tables were emptied,
 * the live projector everything after it.
 */
export class ReadModelRebuild {
  private constructor(private readonly client: PoolClient) {}

  static async begin(orm: ReadModelOrm): Promise<RebuildStart> {
    const pool = await orm.em.getConnection().getNativeClient();
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
        REBUILD_LOCK_KEY,
      ]);
      if (!rows[0]?.locked) {
        client.release();
        return {
          ok: false,
          code: 'rebuild-running',
          message: 'another rebuild of the read models is running',
        };
      }
      const metadata = orm.getMetadata();
      const tables = [metadata.get(Run), metadata.get(RunAgent), metadata.get(RunStep)].map(
        (meta) => `${meta.schema}.${meta.tableName}`,
      );
      await client.query(`truncate table ${tables.join(', ')}`);
      return { ok: true, rebuild: new ReadModelRebuild(client) };
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  async end(): Promise<void> {
    try {
      await this.client.query('select pg_advisory_unlock($1)', [REBUILD_LOCK_KEY]);
      this.client.release();
    } catch (error) {
      // The session ended with its lock; the client is not given back.
      this.client.release(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
