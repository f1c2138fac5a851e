/**
 * The built `baton` CLI against the real stack: runs, run lists and timelines, signed webhooks,
 * approvals and the NATS layout, each verb spawned as a user would run it.
 */
import { join } from 'node:path';
import { baton, type CliResult } from './support/baton-cli';
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

async function ended(runId: string) {
  return waitFor(
    `run ${runId} to end`,
    async () => {
      const { status, body } = await stack.api(`/api/runs/${runId}`);
      return status === 200 && ['completed', 'failed', 'timed_out', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
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
    expect((await ended(runId)).output).toEqual({ greeting: 'Hello WORLD' });
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
    const run = await ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ id: 'a-1', action: 'approve', note: 'within budget' });
  });

  it('reject resolves a wait with action reject', async () => {
    const sent = await sendApproval(SECRET, '{"id":"r-2"}');
    expect(sent.status).toBe(0);
    const runId = await waitOpened('cli-r-2');
    expect((await cli(['reject', 'cli-r-2'])).status).toBe(0);
    expect((await ended(runId)).output).toMatchObject({ id: 'r-2', action: 'reject' });
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

  it('says ingress is not reachable, and where it looked, when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await cli(['runs'], { BATON_URL: url });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `baton runs: Baton's ingress is not reachable at ${url}: is \`baton start\` running?\n`,
    );
  });
});
