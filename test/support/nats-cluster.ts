/**
 * A three-node JetStream cluster on this machine, each node running deploy/nats/cluster/nats-cluster.conf
 * as shipped (in a copy of deploy/nats whose store_dir points at the node's own data directory),
 * on free local ports given on the command line, with the users' passwords from the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portOpen, ROOT, waitFor } from './processes';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface ClusterNode {
  readonly name: string;
  readonly clientPort: number;
  readonly monitorPort: number;
  readonly running: boolean;
  start(): Promise<void>;
  /** SIGKILL: a crash, not a shutdown. */
  kill(): Promise<void>;
}

export interface NatsCluster {
  readonly nodes: readonly ClusterNode[];
  /** NATS_URL for `user`: the three nodes, comma-separated, with the user's credentials. */
  urlFor(user: string): string;
  log(node: string): string;
  dispose(): Promise<void>;
}

export async function startNatsCluster(users: readonly string[], size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-nats-cluster-'));
  const passwords = new Map(users.map((user) => [user, `${user}-${Math.random().toString(36).slice(2)}`]));
  const env = {
    ...process.env,
    ...Object.fromEntries([...passwords].map(([user, pw]) => [`NATS_${user.toUpperCase()}_PASSWORD`, pw])),
  };
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({
      client: await freePort(),
      monitor: await freePort(),
      cluster: await freePort(),
    })),
  );
  const routes = ports.map((p) => `nats://127.0.0.1:${p.cluster}`).join(',');

  const nodes = ports.map((port, index): ClusterNode & { child?: ChildProcess } => {
    const name = `baton-nats-${index}`;
    const home = join(dir, name);
    cpSync(join(ROOT, 'deploy/nats'), home, { recursive: true });
    const conf = join(home, 'nats.conf');
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8').replace(/^(\s*store_dir:).*$/m, `$1 ${join(home, 'data')}`),
    );
    const logFile = join(home, 'server.log');
    const node: ClusterNode & { child?: ChildProcess } = {
      name,
      clientPort: port.client,
      monitorPort: port.monitor,
      get running() {
        return node.child !== undefined && node.child.exitCode === null && node.child.signalCode === null;
      },
      async start() {
        const log = createWriteStream(logFile, { flags: 'a' });
        const child = spawn(
          NATS_SERVER,
          [
            ...['-c', join(home, 'cluster/nats-cluster.conf')],
            ...['-a', '127.0.0.1', '-p', String(port.client), '-m', String(port.monitor)],
            ...['-cluster', `nats://127.0.0.1:${port.cluster}`, '-routes', routes],
          ],
          { env: { ...env, NATS_SERVER_NAME: name }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout?.pipe(log);
        child.stderr?.pipe(log);
        node.child = child;
        // Listening, not healthy: /healthz waits until every stream and consumer replica on the node
        // is current, and a replica of a consumer nobody reads here (the notifier's) may stay behind
        // for minutes on nats-server 2.9. The cluster's readiness is waited for below and by the tests.
        await waitFor(`${name} to listen`, async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited: ${readFileSync(logFile, 'utf8')}`);
          return (await portOpen(port.client)) || undefined;
        });
      },
      async kill() {
        const child = node.child;
        if (child === undefined || child.exitCode !== null) return;
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      },
    };
    return node;
  });
  await Promise.all(nodes.map((node) => node.start()));
  // JetStream answers once the nodes have elected a meta leader.
  await waitFor(
    'the cluster to elect its JetStream meta leader',
    async () => {
      const res = await fetch(`http://127.0.0.1:${nodes[0].monitorPort}/jsz`).catch(() => undefined);
      const body = (await res?.json().catch(() => undefined)) as
        { meta_cluster?: { leader?: string } } | undefined;
      return body?.meta_cluster?.leader ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  const password = (user: string) => {
    const found = passwords.get(user);
    if (found === undefined) throw new Error(`no NATS user ${user}`);
    return found;
  };
  return {
    nodes,
    urlFor: (user) =>
      nodes.map((n) => `nats://${user}:${password(user)}@127.0.0.1:${n.clientPort}`).join(','),
    log: (name) => readFileSync(join(dir, name, 'server.log'), 'utf8'),
    async dispose() {
      await Promise.all(nodes.map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
