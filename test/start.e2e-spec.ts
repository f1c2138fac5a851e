/**
 * `baton start` as a user runs it: from a directory without ./ensembles, against a private NATS and
 * database, on free ports. It loads the repository's examples, serves a signed webhook to the end,
 * and leaves nothing running after Ctrl-C; told not to run NATS or PostgreSQL itself
 * (--no-local-services), it says how to start them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baton, spawnBaton } from './support/baton-cli';
import {
  createDatabase,
  freePort,
  ROOT,
  startNats,
  waitFor,
  type Database,
  type NatsInstance,
} from './support/processes';

const ROUTER_SECRET = 'start-e2e-router-secret';
const HEALTH_PORT_VARIABLES = [
  'SCHEDULER_HEALTH_PORT',
  'ORCHESTRATOR_HEALTH_PORT',
  'WORKER_HEALTH_PORT',
  'NOTIFIER_HEALTH_PORT',
  'PROJECTOR_HEALTH_PORT',
];
const EXAMPLES = readdirSync(join(ROOT, 'examples/ensembles')).filter((file) =>
  file.endsWith('.yaml'),
).length;

let nats: NatsInstance;
let database: Database;
let cwd: string;

/** This process's environment without what would steer `start` elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'ENSEMBLES_DIR',
    'BATON_URL',
    'BATON_API_KEY',
    'BATON_PUBLIC_URL',
    'HEALTH_PORT',
    'INGRESS_PORT',
  ])
    delete env[name];
  return env;
}

/** INGRESS_PORT first, then every <SERVICE>_HEALTH_PORT, all free: the defaults may be taken on a shared machine. */
async function ownPorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = { INGRESS_PORT: String(await freePort()) };
  for (const variable of HEALTH_PORT_VARIABLES) ports[variable] = String(await freePort());
  return ports;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  [nats, database] = await Promise.all([startNats(), createDatabase('baton_start_e2e')]);
  cwd = mkdtempSync(join(tmpdir(), 'baton-start-cwd-'));
}, 30_000);

afterAll(async () => {
  await Promise.all([nats?.dispose(), database?.dispose()]);
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe('baton start', () => {
  let start: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';
  const ports: number[] = [];

  afterAll(() => {
    // Only if a test failed half-way: the stack must not outlive the suite.
    if (start && start.exitCode === null) start.kill('SIGKILL');
  });

  it('starts the stack from a directory without ./ensembles and prints the ingress URL once ready', async () => {
    const own = await ownPorts();
    ports.push(...Object.values(own).map(Number));
    const ingressPort = ports[0];
    const env = {
      ...cleanEnv(),
      ...own,
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      ROUTER_WEBHOOK_SECRET: ROUTER_SECRET,
      // Nothing listens there: paging on-call fails, whatever the outbound rules.
      ONCALL_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/oncall`,
    };
    start = spawnBaton(['start'], { env, cwd });
    start.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const ingressUrl = await waitFor(
      'the ingress URL',
      async () => {
        if (start?.exitCode !== null)
          throw new Error(`baton start exited with ${start?.exitCode}:\n${stderr}`);
        return /^ {2}ingress +(http:\/\/\S+)$/m.exec(stdout)?.[1];
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(ingressUrl).toBe(`http://127.0.0.1:${ingressPort}`);
    expect(stdout).toContain(`ensembles  ${join(ROOT, 'examples/ensembles')}`);
    expect(stdout).toContain(
      'baton webhook send /hooks/router --scheme hmac-sha256 --secret "$ROUTER_WEBHOOK_SECRET"',
    );
    expect(stdout).toMatch(/^ingress +│ INFO /m);
    expect(stdout).not.toContain('registered earlier');
  });

  it('prints Try: lines that work as pasted into a shell where baton is not on PATH', async () => {
    await waitFor('the Try: lines', async () => stdout.includes('Ctrl-C stops every service.') || undefined);
    const tried = stdout
      .slice(stdout.indexOf('Try:\n') + 'Try:\n'.length, stdout.indexOf('\n\nCtrl-C stops every service.'))
      .split('\n')
      .map((line) => line.trim());
    const dev = `${join(ROOT, 'dev')} baton`;
    expect(tried).toEqual([
      `export BATON_URL=http://127.0.0.1:${ports[0]}    # where the other verbs find this ingress`,
      `${dev} webhook send /hooks/router --scheme hmac-sha256 --secret "$ROUTER_WEBHOOK_SECRET" --data @${join(ROOT, 'examples/inputs/support-request.json')}`,
      `${dev} runs`,
      `${dev} logs -f              # every run's events as they happen`,
    ]);
    // Pasted as they are (but the last, which follows until Ctrl-C), where start was run.
    const pasted = spawn('bash', ['-e', '-c', tried.slice(0, 3).join('\n')], {
      cwd,
      env: { ...cleanEnv(), PATH: process.env.PATH, ROUTER_WEBHOOK_SECRET: ROUTER_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    pasted.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise((resolve) => pasted.once('close', resolve))).toBe(0);
    expect(out).toMatch(/^202 Accepted$/m);
    expect(out).toMatch(/^ID +ENSEMBLE +STATUS +STARTED +DURATION$/m);
  });

  it('loads the repository’s examples (ENSEMBLES_DIR unset, no ./ensembles in the working directory)', async () => {
    const response = await fetch(`http://127.0.0.1:${ports[0]}/api/ensembles`);
    const { ensembles } = (await response.json()) as { ensembles: { name: string }[] };
    expect(ensembles.map((ensemble) => ensemble.name)).toContain('webhook-router');
    expect(ensembles).toHaveLength(EXAMPLES);
  });

  it('runs an example to its end from a webhook signed by baton webhook send', async () => {
    const sent = await baton(
      [
        'webhook',
        'send',
        '/hooks/router',
        '--scheme',
        'hmac-sha256',
        '--secret',
        ROUTER_SECRET,
        '--data',
        '@examples/inputs/support-request.json',
      ],
      { env: { ...cleanEnv(), BATON_URL: `http://127.0.0.1:${ports[0]}` } },
    );
    expect(sent.status).toBe(0);
    const { runId } = JSON.parse(sent.stdout.slice(sent.stdout.indexOf('\n') + 1));
    const run = await waitFor(
      `run ${runId} to complete`,
      async () => {
        const body = (await (await fetch(`http://127.0.0.1:${ports[0]}/api/runs/${runId}`)).json()) as {
          status: string;
        };
        return ['completed', 'failed', 'timed_out', 'cancelled'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(run.status).toBe('completed');
    // One readable line as the run starts and one as it ends, from the orchestrator's log.
    await waitFor(
      'the run lines',
      async () =>
        new RegExp(`^orchestrator +│ run +completed +webhook-router +${runId}`, 'm').test(stdout) ||
        undefined,
    );
    expect(stdout).toMatch(new RegExp(`^orchestrator +│ run +started +webhook-router +${runId}$`, 'm'));
  });

  it('runs the README’s ticket-intake command to a completed run', async () => {
    const result = await baton(
      ['run', 'ticket-intake', '--input', '@examples/inputs/ticket.json', '--wait'],
      {
        env: { ...cleanEnv(), BATON_URL: `http://127.0.0.1:${ports[0]}` },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^status +completed in /m);
    expect(result.stdout).toMatch(/^output +\{"valid":true,.*"ticketId":\d+,"paged":false\}$/m);
  });

  it('ticket-intake says paged: false when every attempt to page on-call failed', async () => {
    const urgent = {
      ticket: {
        subject: 'Printer on fire',
        body: 'Smoke.',
        customerEmail: 'a@example.com',
        priority: 'urgent',
      },
    };
    const result = await baton(['run', 'ticket-intake', '--input', JSON.stringify(urgent), '--wait'], {
      env: { ...cleanEnv(), BATON_URL: `http://127.0.0.1:${ports[0]}` },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/"paged":false/);
  }, 30_000);

  it('stops every service on Ctrl-C and exits 0, leaving nothing listening on its ports', async () => {
    const exited = new Promise<number | null>((resolve) => start?.once('exit', (code) => resolve(code)));
    start?.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^Stopped\.$/m);
    expect(stdout).toMatch(/^ingress +│ INFO +ingress stopping/m);
    for (const port of ports) expect(await listening(port)).toBe(false);
  }, 30_000);

  it('lists only the ensembles of ENSEMBLES_DIR, and names the others NATS holds from before as still active', async () => {
    const env = {
      ...cleanEnv(),
      ...(await ownPorts()),
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      ENSEMBLES_DIR: join(ROOT, 'test/fixtures/cli/ensembles'),
      CLI_E2E_WEBHOOK_SECRET: 'start-e2e-cli-secret',
    };
    const again = spawnBaton(['start'], { env, cwd });
    let out = '';
    again.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await waitFor('the banner', async () => out.includes('Ctrl-C stops every service.') || undefined, {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      const listed = out.slice(out.indexOf('Ensembles:'), out.indexOf('Try:'));
      expect(listed).toMatch(/^ {2}cli-approval +r\d+ /m);
      expect(listed).toMatch(/^ {2}cli-greeting +r\d+ /m);
      expect(listed).not.toMatch(/^ {2}webhook-router +r\d+ /m);
      // The examples registered by the first start are still active: the banner names them.
      expect(listed).toMatch(
        /^ {2}Also active, registered earlier and not in this directory: .*\bwebhook-router\b/m,
      );
      expect(listed.match(/^ {2}Also active, [^:]*: (.*)$/m)?.[1].split(', ')).toHaveLength(EXAMPLES);
      expect(listed).toMatch(/start --all lists them; .*ensembles rm <name> stops one\)/);
    } finally {
      const exited = new Promise((resolve) => again.once('exit', resolve));
      again.kill('SIGINT');
      await exited;
    }
  }, 90_000);
});

// Where nothing answers, start runs its own (test/start-local-services.e2e-spec.ts); asked not to, it
// says how to start them.
describe('baton start --no-local-services without NATS or PostgreSQL', () => {
  it('exits 1 naming the NATS URL it tried and how to start NATS', async () => {
    const port = await freePort();
    const result = await baton(['start', '--no-local-services'], {
      env: {
        ...cleanEnv(),
        ...(await ownPorts()),
        NATS_URL: `nats://127.0.0.1:${port}`,
        DATABASE_URL: database.url,
      },
      cwd,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`NATS is not reachable at nats://127.0.0.1:${port} (NATS_URL)`);
    expect(result.stderr).toContain(
      `start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p ${port} -js`,
    );
    expect(result.stdout).not.toContain('Starting Baton');
  });

  it('exits 1 naming the PostgreSQL URL it tried, without its password, and how to start PostgreSQL', async () => {
    const port = await freePort();
    const result = await baton(['start', '--no-local-services'], {
      env: {
        ...cleanEnv(),
        ...(await ownPorts()),
        NATS_URL: nats.url,
        DATABASE_URL: `postgres://baton:s3cret@127.0.0.1:${port}/baton`,
      },
      cwd,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `PostgreSQL is not reachable at postgres://127.0.0.1:${port}/baton (DATABASE_URL)`,
    );
    expect(result.stderr).toContain(
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
    expect(result.stderr).not.toContain('s3cret');
  });
});
