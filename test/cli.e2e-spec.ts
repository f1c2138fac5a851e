/**
 * The built `baton` CLI against the real stack: runs, run lists and timelines, cancel and rerun,
 * ensembles, logs, signed webhooks, approvals and the NATS layout, each verb spawned as a user
 * would run it; and ./dev run from another directory.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dumpReadModels, type ReadModelDump } from '../libs/persistence/src/testing/read-model-dump';
import { cliInvocation } from '../apps/cli/src/stack/cli-invocation';
import { baton, spawnBaton, type CliResult } from './support/baton-cli';
import { freePort, ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

const SECRET = 'cli-e2e-secret-5d1c';
const PAYLOAD = 'test/fixtures/cli/payloads/approval-request.json';
let stack: Stack;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return baton(args, {
    env: { ...process.env, BATON_URL: stack.baseUrl, NATS_URL: stack.nats.url, ...env },
  });
}

/** `baton webhook send` to the approval ensemble's hmac-sha256 trigger. */
function sendApproval(secret: string, data: string): Promise<CliResult> {
  return cli([
    'webhook',
    'send',
    '/cli/approvals',
    '--scheme',
    'hmac-sha256',
    '--secret',
    secret,
    '--data',
    data,
  ]);
}

async function waitOpened(key: string) {
  // The wait exists once its run has logged WaitStarted.
  return waitFor(`wait ${key}`, async () => {
    const { body } = await stack.api('/api/runs?ensemble=cli-approval');
    for (const run of body.runs ?? []) {
      const { body: log } = await stack.api(`/api/runs/${run.id}/events`);
      if (
        log.events?.some(
          (event: { type: string; data: { key?: string } }) =>
            event.type === 'WaitStarted' && event.data.key === key,
        )
      )
        return run.id as string;
    }
    return undefined;
  });
}

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/cli/ensembles'),
    env: { CLI_E2E_WEBHOOK_SECRET: SECRET },
  });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

describe('baton against a running stack', () => {
  let greetingRun: string;

  it('run --wait starts a run, waits for it and prints its status and output, exiting 0', async () => {
    const result = await cli(['run', 'cli-greeting', '--input', '{"name":"ada"}', '--wait']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^status +completed in /m);
    expect(result.stdout).toMatch(/^output +\{"greeting":"Hello ADA"\}$/m);
    greetingRun = /^run +(\S+)$/m.exec(result.stdout)?.[1] ?? '';
    expect((await stack.api(`/api/runs/${greetingRun}`)).body.output).toEqual({ greeting: 'Hello ADA' });
  });

  it('run without --wait prints the run id alone', async () => {
    const result = await cli(['run', 'cli-greeting']);
    expect(result.status).toBe(0);
    const runId = result.stdout.trim();
    expect((await stack.ended(runId)).output).toEqual({ greeting: 'Hello WORLD' });
  });

  it('runs lists the runs, newest first, with ensemble, status, start and duration', async () => {
    const result = await waitFor('the read model to show the run', async () => {
      const listed = await cli(['runs', '--ensemble', 'cli-greeting']);
      return listed.stdout.includes(greetingRun) ? listed : undefined;
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +ENSEMBLE +STATUS +STARTED +DURATION$/);
    expect(lines.find((line) => line.startsWith(greetingRun))).toMatch(
      / cli-greeting +completed +\d{4}-\d\d-\d\dT[\d:]+Z +\d+(ms|\.\ds)$/,
    );
  });

  it('runs show prints the run’s header and a timeline with its events', async () => {
    const result = await cli(['runs', 'show', greetingRun]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ensemble +cli-greeting \(revision \d+\)$/m);
    expect(result.stdout).toMatch(/^input +\{"name":"ada"\}$/m);
    for (const type of ['RunRequested', 'RunStarted', 'AgentScheduled', 'AgentSucceeded', 'RunCompleted']) {
      expect(result.stdout).toMatch(new RegExp(`^\\+\\d+\\.\\d{3}s +${type}\\b`, 'm'));
    }
    expect(result.stdout).toMatch(/AgentSucceeded +shout +1 +output "ADA"$/m);
  });

  it('webhook send signs with hmac-sha256 and gets 202; approve resolves the wait and the run completes', async () => {
    const sent = await sendApproval(SECRET, `@${PAYLOAD}`);
    expect(sent.status).toBe(0);
    expect(sent.stdout.split('\n')[0]).toBe('202 Accepted');
    const { runId } = JSON.parse(sent.stdout.slice(sent.stdout.indexOf('\n') + 1));
    expect(await waitOpened('cli-a-1')).toBe(runId);

    const approved = await cli(['approve', 'cli-a-1', '--data', '{"note":"within budget"}']);
    expect(approved.stderr).toBe('');
    expect(approved.status).toBe(0);
    expect(approved.stdout).toBe(`approved cli-a-1 (run ${runId})\n`);
    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ id: 'a-1', action: 'approve', note: 'within budget' });
  });

  it('reject resolves a wait with action reject', async () => {
    const sent = await sendApproval(SECRET, '{"id":"r-2"}');
    expect(sent.status).toBe(0);
    const runId = await waitOpened('cli-r-2');
    expect((await cli(['reject', 'cli-r-2'])).status).toBe(0);
    expect((await stack.ended(runId)).output).toMatchObject({ id: 'r-2', action: 'reject' });
  });

  it('webhook send with a wrong secret prints the 401 and exits 1, starting nothing', async () => {
    const before = (await stack.api('/api/runs?ensemble=cli-approval')).body.runs.length;
    const sent = await sendApproval('not-the-secret', `@${PAYLOAD}`);
    expect(sent.status).toBe(1);
    expect(sent.stdout.split('\n')[0]).toBe('401 Unauthorized');
    expect(sent.stdout).toContain('"error"');
    expect((await stack.api('/api/runs?ensemble=cli-approval')).body.runs.length).toBe(before);
  });

  it('streams lists BATON_INBOX, BATON_RUNS and BATON_TASKS, the orchestrator consumers and the buckets', async () => {
    const result = await cli(['streams']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const stream of ['BATON_INBOX', 'BATON_RUNS', 'BATON_TASKS']) {
      expect(result.stdout).toMatch(new RegExp(`^${stream} +\\d+ +\\d`, 'm'));
    }
    // Each inbox partition has its commands consumer and its starts consumer.
    expect(result.stdout).toMatch(/^BATON_INBOX +orchestrator-0 +\d+ +\d+ +\d+ +\d+$/m);
    expect(result.stdout).toMatch(/^BATON_INBOX +orchestrator-start-7 +\d+ +\d+ +\d+ +\d+$/m);
    expect(result.stdout).toMatch(/^baton_ensembles +kv +\d+ /m);
    const json = JSON.parse((await cli(['streams', '--json'])).stdout);
    expect(
      json.streams.find((stream: { name: string }) => stream.name === 'BATON_RUNS').messages,
    ).toBeGreaterThan(0);
  });

  it('webhook send signs as the registered trigger says when given only the path and the data', async () => {
    const sent = await cli(['webhook', 'send', '/cli/approvals', '--data', '{"id":"t-3"}'], {
      CLI_E2E_WEBHOOK_SECRET: SECRET,
    });
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    expect(sent.stdout.split('\n')[0]).toBe('202 Accepted');
    const runId = await waitOpened('cli-t-3');
    expect((await cli(['approve', 'cli-t-3'])).status).toBe(0);
    expect((await stack.ended(runId)).output).toMatchObject({ id: 't-3', action: 'approve' });
  });

  it('runs cancel stops a waiting run; cancelling it again exits 1 with the conflict', async () => {
    const sent = await sendApproval(SECRET, '{"id":"c-4"}');
    expect(sent.status).toBe(0);
    const runId = await waitOpened('cli-c-4');
    const cancelled = await cli(['runs', 'cancel', runId]);
    expect(cancelled.stderr).toBe('');
    const pasted = cliInvocation(process.env, ROOT, ROOT); // ./dev baton, unless a baton is on PATH
    expect(cancelled.stdout).toBe(`cancelling run ${runId} (follow it with: ${pasted} runs show ${runId})\n`);
    expect((await stack.ended(runId)).status).toBe('cancelled');
    const again = await cli(['runs', 'cancel', runId]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`baton runs: 409 conflict: run ${runId} has already ended (cancelled)\n`);
  });

  it('runs rerun starts the same ensemble with the same input and prints the new id alone', async () => {
    const rerun = await cli(['runs', 'rerun', greetingRun]);
    expect(rerun.status).toBe(0);
    const runId = rerun.stdout.trim();
    expect(runId).not.toBe(greetingRun);
    expect(await stack.ended(runId)).toMatchObject({
      status: 'completed',
      output: { greeting: 'Hello ADA' },
    });
  });

  it('ensembles lists the registered ensembles and ensembles show one with its triggers and agents', async () => {
    const listed = await cli(['ensembles']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^NAME +REV +VERSION +AGENTS +STARTS ON$/m);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^cli-approval +r\\d+ +— +2 +POST ${stack.baseUrl.replace(/\./g, '\\.')}/webhooks/cli/approvals \\(hmac-sha256\\)$`,
        'm',
      ),
    );
    const shown = await cli(['ensembles', 'show', 'cli-approval']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/^ensemble +cli-approval \(revision \d+\)$/m);
    expect(shown.stdout).toMatch(/signature in x-cli-signature, secret from CLI_E2E_WEBHOOK_SECRET$/m);
    expect(shown.stdout).toMatch(/^ {2}1 +decide +wait/m);
    const missing = await cli(['ensembles', 'show', 'nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe("baton ensembles: 404 not_found: no ensemble named 'nope'\n");
  });

  it('logs --run prints a run’s events as lines; logs prints those of the newest runs with their run', async () => {
    const one = await cli(['logs', '--run', greetingRun]);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^\S+Z {2}RunRequested +cli-greeting revision \d+, api trigger$/m);
    expect(one.stdout).toMatch(/^\S+Z {2}AgentSucceeded +shout {2}output "ADA"$/m);
    expect(one.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /RunCompleted +output \{"greeting":"Hello ADA"\}$/,
    );
    const all = await cli(['logs', '--ensemble', 'cli-greeting', '--limit', '50']);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain(` cli-greeting ${greetingRun}  RunCompleted `);
  });

  it('logs -f --run follows a run until it ends', async () => {
    const sent = await sendApproval(SECRET, '{"id":"f-5"}');
    const { runId } = JSON.parse(sent.stdout.slice(sent.stdout.indexOf('\n') + 1));
    await waitOpened('cli-f-5');
    const follower = spawnBaton(['logs', '-f', '--run', runId], {
      env: { ...process.env, BATON_URL: stack.baseUrl },
    });
    let out = '';
    follower.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => follower.once('exit', resolve));
    await waitFor('the wait to be printed', async () => out.includes('WaitStarted') || undefined);
    expect((await cli(['approve', 'cli-f-5'])).status).toBe(0);
    expect(await exited).toBe(0);
    expect(out).toMatch(/WaitResolved +decide {2}key cli-f-5: \{"action":"approve"\}$/m);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/RunCompleted/);
  });

  it('says ingress is not reachable, and where it looked, when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await cli(['runs'], { BATON_URL: url });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `baton runs: Baton's ingress is not reachable at ${url}: is \`baton start\` running?\n`,
    );
  });

  it('projections rebuild replays the log into the read models, to the same rows byte for byte, while the projector runs', async () => {
    const db = new Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      const dump = () => dumpReadModels((sql, values) => db.query(sql, values));
      // Settled: the same rows twice in a row, every run projected.
      const settled = () =>
        waitFor('the read models to settle', async () => {
          const first = await dump();
          await new Promise((resolve) => setTimeout(resolve, 500));
          const second = await dump();
          return JSON.stringify(first) === JSON.stringify(second) ? second : undefined;
        });
      const live: ReadModelDump = await settled();
      expect(live.runs.length).toBeGreaterThanOrEqual(4);

      const result = await cli(['projections', 'rebuild'], { DATABASE_URL: stack.database.url });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^Rebuilt ${live.runs.length} runs from [\\d,]+ messages in [\\d.]+ s$`, 'm'),
      );
      expect(await dump()).toEqual(live);
      // The API reads the rebuilt rows.
      expect((await stack.api(`/api/runs/${greetingRun}`)).body.output).toEqual({ greeting: 'Hello ADA' });
    } finally {
      await db.end();
    }
  });

  it('projections rebuild says why when PostgreSQL is not reachable, exiting 1', async () => {
    const result = await cli(['projections', 'rebuild'], {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/baton`,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^baton projections: PostgreSQL is not reachable at 127\.0\.0\.1:\d+/);
  });
});

describe('./dev from another directory', () => {
  it('keeps the caller’s working directory for relative paths', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'baton-dev-cwd-'));
    try {
      mkdirSync(join(outside, 'ens'));
      copyFileSync(join(ROOT, 'test/fixtures/cli/ensembles/greeting.yaml'), join(outside, 'ens/x.yaml'));
      const child = spawn('bash', [join(ROOT, 'dev'), 'baton', 'validate', 'ens/x.yaml'], {
        cwd: outside,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(status).toBe(0);
      expect(stdout).toMatch(/^ {2}✓ cli-greeting {2}ens\/x\.yaml /m);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
