import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { databaseUrlSetting, natsUrlSetting } from '../settings/cli-settings';
import { findRepository } from '../stack/repository';
import { commandLineMistake } from '../usage';

export const projectionsCommand: Command = {
  name: 'projections',
  synopses: ['projections rebuild'],
  summary: 'rebuild the run read models (runs, agents, steps) from the event log',
  details: `Empties the runs, run_agents and run_steps tables of $DATABASE_URL and replays every message of
BATON_RUNS on $NATS_URL into them, through the projector's own code, printing its progress. Running
projectors may go on meanwhile: they keep applying what arrives after the replay's start, and each
run's events still apply once and in order. Runs show up again as the replay reaches them.
webhook_logs is left as it is (the event log does not hold it).

Needs the built projector (npm run build). Exit status: 0 rebuilt, 1 failed (NATS or PostgreSQL
unreachable, another rebuild running), 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, {});
    if (!parsed.ok) return commandLineMistake(io, projectionsCommand, parsed.message);
    const [action, ...extra] = parsed.positionals;
    if (action !== 'rebuild') {
      return commandLineMistake(
        io,
        projectionsCommand,
        action === undefined ? 'what to do? (rebuild)' : `unknown action '${action}' (rebuild)`,
      );
    }
    if (extra.length > 0)
      return commandLineMistake(io, projectionsCommand, `unexpected argument '${extra[0]}'`);
    const nats = await natsUrlSetting(io.env);
    if (!nats.ok) return commandLineMistake(io, projectionsCommand, nats.message);
    const database = await databaseUrlSetting(io.env);
    if (!database.ok) return commandLineMistake(io, projectionsCommand, database.message);

    const rebuild = rebuildMain();
    if (rebuild === undefined) {
      io.stderr.write('baton projections: the projector is not built here; run `npm run build` first\n');
      return EXIT.failed;
    }
    // The projector's own code rebuilds: the one that decodes the log and maps it to rows.
    const child = spawn(process.execPath, [rebuild], {
      env: { ...io.env, NATS_URL: nats.value, DATABASE_URL: database.value },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(`baton projections: ${chunk.toString()}`));
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        io.stderr.write(`baton projections: could not run the projector: ${error.message}\n`);
        resolve(null);
      });
      child.once('close', (status) => resolve(status));
    });
    return code === 0 ? EXIT.ok : EXIT.failed;
  },
};

/** `dist/apps/projector/src/rebuild.js` beside this build, when there is one. */
function rebuildMain(): string | undefined {
  const repository = findRepository();
  if (repository === undefined) return undefined;
  const main = path.join(path.dirname(repository.serviceMain('projector')), 'rebuild.js');
  return existsSync(main) ? main : undefined;
}
