/**
 * `baton projections rebuild` runs this file (`node dist/apps/projector/src/rebuild.js`, with
 * NATS_URL and DATABASE_URL): it rebuilds the run read models from the log once and exits, 0 when
 * done, 1 when it could not.
 */
import { DatabaseConfig, loadConfigs, NatsConfig } from '@baton/config';
import { connectNats } from '@baton/messaging';
import { closeOrm, openReadModels } from '@baton/persistence';
import { rebuildRunReadModels } from './run-rebuild';

const PROGRESS_EVERY_MS = 2000;

async function main(): Promise<number> {
  const config = loadConfigs({ nats: NatsConfig, database: DatabaseConfig });
  const nc = await connectNats({ url: config.nats.NATS_URL, name: 'projections-rebuild' });
  try {
    const orm = await openReadModels(config.database.DATABASE_URL);
    try {
      const started = Date.now();
      let shown = started;
      process.stdout.write('Rebuilding runs, run_agents and run_steps from BATON_RUNS…\n');
      const result = await rebuildRunReadModels(nc, orm, {
        onProgress: ({ replayed, total }) => {
          if (Date.now() - shown < PROGRESS_EVERY_MS) return;
          shown = Date.now();
          process.stdout.write(
            `  ${replayed.toLocaleString('en')} of ${total.toLocaleString('en')} messages\n`,
          );
        },
      });
      if (!result.ok) {
        process.stderr.write(`${result.message}; try again once it has finished\n`);
        return 1;
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Rebuilt ${result.runs.toLocaleString('en')} runs from ${result.messages.toLocaleString('en')} messages in ${seconds} s\n`,
      );
      if (result.skipped > 0) {
        process.stdout.write(
          `${result.skipped.toLocaleString('en')} messages skipped: their runs' earlier events are no longer in BATON_RUNS (its max age) or they are not run events\n`,
        );
      }
      return 0;
    } finally {
      await closeOrm(orm);
    }
  } finally {
    await nc.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
