/**
 * `baton start --single-process` end to end: the CLI runs ingress and one services process
 * (orchestrator, worker, scheduler, projector, notifier) over a private NATS and database. A signed
 * webhook runs to completion through a sandboxed code step and its notification is delivered (a
 * retry included, fired by the timer store); a sleep and a wait finish; /readyz and /metrics of the
 * five services answer on one port; Ctrl-C leaves no process behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebhookReceiver, type WebhookReceiver } from '@baton/provider-fakes';
import { freePort, ROOT, waitFor } from './support/processes';
import { hexHmac } from './support/signing';
import { servicesReady, startStack, type Stack } from './support/stack';

const WEBHOOK_SECRET = 'sp-e2e-webhook-secret-5d21';
const HOOK_SECRET = 'sp-e2e-hook-secret-5d21';
const HOSTED = ['orchestrator', 'worker', 'scheduler', 'projector', 'notifier'];
const cli = join(ROOT, 'dist/apps/cli/src/main.js');

let stack: Stack;
let receiver: WebhookReceiver;
let servicesPort: number;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  servicesPort = await freePort();
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/single-process'),
    command: { label: 'baton', args: [cli, 'start', '--single-process', '--no-local-services'] },
    env: {
      SERVICES_HEALTH_PORT: String(servicesPort),
      SP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HOOKS_URL: receiver.baseUrl,
      HOOK_SECRET,
      NOTIFIER_TIME_SCALE: '0.02',
    },
  });
  // The harness waits for ingress; start runs the services process once ingress is ready.
  await servicesReady(servicesPort);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** The processes whose parent is `pid`, and theirs, from /proc. */
function descendants(pid: number): Array<{ pid: number; command: string }> {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
        return [{ pid: Number(entry), parent, command }];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // it exited meanwhile
        throw error;
      }
    });
  const found: Array<{ pid: number; command: string }> = [];
  const visit = (parent: number) => {
    for (const child of all.filter((process) => process.parent === parent)) {
      found.push({ pid: child.pid, command: child.command });
      visit(child.pid);
    }
  };
  visit(pid);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function cliPid(): number {
  const [baton] = stack.processes();
  if (baton?.pid === undefined) throw new Error('baton start is not running');
  return baton.pid;
}

describe('baton start --single-process', () => {
  it('runs ingress and one services process, nothing else', () => {
    const nodeChildren = descendants(cliPid()).filter(({ command }) => command.includes('dist/apps/'));
    expect(nodeChildren.map(({ command }) => command.split(' ').pop()).sort()).toEqual([
      join(ROOT, 'dist/apps/cli/src/stack/single-process-host.js'),
      join(ROOT, 'dist/apps/ingress/src/main.js'),
    ]);
  });

  it('runs a signed webhook to completion and delivers its notification, retried once', async () => {
    receiver.plan('/done', [{ status: 503 }]);
    const body = JSON.stringify({
      items: [
        { qty: 2, price: 5 },
        { qty: 1, price: 7 },
      ],
    });
    const accepted = await fetch(`${stack.baseUrl}/webhooks/sp/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': hexHmac(WEBHOOK_SECRET, body) },
      body,
    });
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };

    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ total: 17, label: 'order of 17' });

    const attempts = await waitFor(
      'two deliveries at /done',
      async () => (receiver.receivedAt('/done').length >= 2 ? receiver.receivedAt('/done') : undefined),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(attempts.map((request) => request.answered)).toEqual([503, 200]);
    expect(JSON.parse(attempts[1].raw)).toMatchObject({
      event: 'execution.completed',
      data: { id: runId, ensemble: 'sp-order', status: 'completed', output: { total: 17 } },
    });
    // The projector wrote the delivery log the API reads.
    const logged = await waitFor(
      `the deliveries of ${runId}`,
      async () => {
        const { status, body: answer } = await stack.api(`/api/runs/${runId}/deliveries`);
        return status === 200 && answer.deliveries.length >= 2 ? answer.deliveries : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(logged.map((row: { status: string }) => row.status)).toEqual(['retrying', 'delivered']);
  });

  it('fires a sleep’s timer and finishes a wait resolved through the API', async () => {
    const started = await stack.api('/api/ensembles/sp-nap-and-wait/runs', { body: { n: 1 } });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await waitFor(
      'the wait sp-1 to open',
      async () =>
        (await stack.api('/api/waits/sp-1', { body: { action: 'approve' } })).status < 300 || undefined,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const run = await stack.ended(runId);
    expect(run.status).toBe('completed');
    expect(run.output.action).toBe('approve');
    expect(run.output.slept).toBeGreaterThanOrEqual(300);
  });

  it('answers /readyz and /metrics for all five services on SERVICES_HEALTH_PORT', async () => {
    const ready = await fetch(`http://127.0.0.1:${servicesPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { checks: object }).checks).sort()).toEqual(
      [...HOSTED].sort(),
    );

    const text = await (await fetch(`http://127.0.0.1:${servicesPort}/metrics`)).text();
    expect(text.match(/^# TYPE baton_messages_handled_total counter$/gm)).toHaveLength(1);
    for (const service of ['orchestrator', 'worker', 'notifier']) {
      expect(text).toMatch(new RegExp(`^baton_messages_handled_total\\{[^}]*service="${service}"`, 'm'));
    }
    // The process's own series once, under the host's name.
    expect(text.match(/^process_resident_memory_bytes\{service="services"\} /gm)).toHaveLength(1);
  });

  it('names each service on its log lines', () => {
    const log = readFileSync(join(stack.logDir, 'baton.log'), 'utf8');
    for (const service of HOSTED)
      expect(log).toMatch(new RegExp(`^${service} +│ INFO  ${service} started`, 'm'));
  });

  it('stops every process on Ctrl-C', async () => {
    const pid = cliPid();
    const children = descendants(pid);
    // ingress, the services process, and at least the sandbox of the code step
    expect(children.length).toBeGreaterThanOrEqual(3);
    process.kill(pid, 'SIGINT');
    await waitFor('baton start to exit', async () => !isAlive(pid) || undefined, {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await waitFor(
      'no process of baton start left',
      async () => children.every((child) => !isAlive(child.pid)) || undefined,
      { timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(readFileSync(join(stack.logDir, 'baton.log'), 'utf8')).toContain('Stopped.');
  });
});
