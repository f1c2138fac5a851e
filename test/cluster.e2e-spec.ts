/**
 * Where users outgrow one node: the services against a three-node NATS cluster running the shipped
 * deploy/nats/cluster configuration, with every stream, bucket and consumer provisioned with three
 * replicas (JETSTREAM_REPLICAS=3). A load of signed webhooks runs while the node leading the inbox
 * is killed (SIGKILL) and restarted: every webhook answered 202 becomes exactly one completed run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsLayout, provision } from '@baton/messaging';
import { DEPLOYED } from './fixtures/deploy/support/deployed-services';
import { startNatsCluster, type ClusterNode, type NatsCluster } from './support/nats-cluster';
import {
  createDatabase,
  freePort,
  ROOT,
  service,
  waitFor,
  type Database,
  type Service,
} from './support/processes';
import { hexHmac } from './support/signing';

const SECRET = 'cluster-webhook-secret-41c7';
/** Webhooks sent, how many at once, and after how many the inbox's leader is killed. */
const LOAD = { webhooks: 120, concurrency: 6, killAfter: 30, downMs: 4000 };
/** The services that run today (the notifier joins when it is built). */
const RUNNING = ['ingress', 'orchestrator', 'worker', 'scheduler', 'projector'] as const;

let cluster: NatsCluster;
let database: Database;
const services: Service[] = [];
let baseUrl: string;

interface Accepted {
  readonly deliveryId: string;
  readonly runId: string;
}

/** Sends one delivery until it is answered 202, as a webhook sender retries: same body, same delivery id. */
async function deliver(n: number): Promise<Accepted> {
  const deliveryId = `delivery-${n}`;
  const body = JSON.stringify({ n });
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${baseUrl}/webhooks/cluster/load`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': hexHmac(SECRET, body),
        'x-delivery-id': deliveryId,
      },
      body,
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    if (response?.status === 202)
      return { deliveryId, runId: ((await response.json()) as { runId: string }).runId };
    // 503 while NATS elects a new leader or the connection moves to another node: nothing was accepted.
    if (response !== undefined && response.status !== 503) {
      throw new Error(`delivery ${deliveryId}: ${response.status} ${await response.text()}`);
    }
    if (attempt >= 30) throw new Error(`delivery ${deliveryId} never accepted`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** An operator's connection to the cluster (the nats CLI's view). */
function adminConnection() {
  const urls = cluster.urlFor('admin').split(',');
  return connect({
    servers: urls.map((url) => new URL(url).host),
    user: 'admin',
    pass: new URL(urls[0]).password,
  });
}

/** The node leading BATON_INBOX's stream group: killing it forces the hardest failover for intake. */
async function inboxLeader(): Promise<ClusterNode> {
  const nc = await adminConnection();
  try {
    const info = await (await jetstreamManager(nc)).streams.info(natsLayout().streams.inbox);
    const leader = info.cluster?.leader;
    const node = cluster.nodes.find((n) => n.name === leader);
    if (node === undefined) throw new Error(`no node named ${String(leader)} leads ${info.config.name}`);
    return node;
  } finally {
    await nc.close();
  }
}

async function runOf(runId: string): Promise<{ status: string; output?: unknown } | undefined> {
  const response = await fetch(`${baseUrl}/api/runs/${runId}`).catch(() => undefined);
  return response?.status === 200
    ? ((await response.json()) as { status: string; output?: unknown })
    : undefined;
}

beforeAll(async () => {
  cluster = await startNatsCluster([...DEPLOYED, 'provision', 'admin']);
  // What `baton provision` does (the Kubernetes Job), as its own user: the services' users may not.
  const urls = cluster.urlFor('provision').split(',');
  const provisioner = await connect({
    servers: urls.map((url) => new URL(url).host),
    user: 'provision',
    pass: new URL(urls[0]).password,
  });
  await provision(provisioner, { replicas: 3 });
  await provisioner.close();
  database = await createDatabase('baton_cluster_e2e');
  const logDir = mkdtempSync(join(tmpdir(), 'baton-cluster-logs-'));
  const ingressPort = await freePort();
  baseUrl = `http://127.0.0.1:${ingressPort}`;
  for (const name of RUNNING) {
    const healthPort = name === 'ingress' ? ingressPort : await freePort();
    const svc = service(
      name,
      {
        NATS_URL: cluster.urlFor(name),
        JETSTREAM_REPLICAS: '3',
        BATON_PROVISION: 'off',
        DATABASE_URL: database.url,
        ENSEMBLES_DIR: join(ROOT, 'test/fixtures/cluster/ensembles'),
        INGRESS_PORT: String(ingressPort),
        HEALTH_PORT: String(healthPort),
        CLUSTER_WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'info',
      },
      healthPort,
      logDir,
    );
    await svc.start();
    services.push(svc);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(services.map((svc) => svc.kill()));
  await cluster?.dispose();
  await database?.dispose();
});

it('provisions every stream, bucket and durable consumer with three replicas', async () => {
  const nc = await adminConnection();
  try {
    const jsm = await jetstreamManager(nc);
    const replicas: Record<string, number> = {};
    for await (const stream of jsm.streams.list()) replicas[stream.config.name] = stream.config.num_replicas;
    expect(Object.keys(replicas)).toEqual(
      expect.arrayContaining(['BATON_INBOX', 'BATON_RUNS', 'KV_baton_dedupe']),
    );
    expect(Object.entries(replicas).filter(([, count]) => count !== 3)).toEqual([]);
    const orchestrator = await jsm.consumers.info('BATON_INBOX', 'orchestrator-0');
    expect(orchestrator.cluster?.replicas?.length).toBe(2);
  } finally {
    await nc.close();
  }
});

it('turns every webhook answered 202 into exactly one completed run while a node is killed and restarted', async () => {
  const accepted: Accepted[] = [];
  let next = 0;
  let killed: ClusterNode | undefined;
  const outage = (async () => {
    await waitFor('the first webhooks', async () => accepted.length >= LOAD.killAfter || undefined, {
      timeoutMs: 120_000,
    });
    killed = await inboxLeader();
    await killed.kill();
    await new Promise((resolve) => setTimeout(resolve, LOAD.downMs));
    await killed.start();
  })();
  const senders = Array.from({ length: LOAD.concurrency }, async () => {
    while (next < LOAD.webhooks) accepted.push(await deliver(next++));
  });
  await Promise.all([...senders, outage]);
  expect(killed?.running).toBe(true);

  // One run per delivery: a retried delivery gets the run its first 202 named.
  const runByDelivery = new Map<string, Set<string>>();
  for (const { deliveryId, runId } of accepted) {
    runByDelivery.set(deliveryId, (runByDelivery.get(deliveryId) ?? new Set()).add(runId));
  }
  expect(runByDelivery.size).toBe(LOAD.webhooks);
  expect([...runByDelivery.values()].filter((runs) => runs.size !== 1)).toEqual([]);
  const runIds = [...new Set(accepted.map((a) => a.runId))];
  expect(runIds).toHaveLength(LOAD.webhooks);

  const unfinished = await waitFor(
    'every accepted run to complete',
    async () => {
      const states = await Promise.all(
        runIds.map(async (runId) => [runId, (await runOf(runId))?.status] as const),
      );
      const left = states.filter(([, status]) => status !== 'completed');
      return left.length === 0 ? left : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 2000 },
  );
  expect(unfinished).toEqual([]);
  const sample = await runOf(runIds[0]);
  expect(sample?.output).toEqual({ doubled: expect.any(Number) });

  // Exactly one: the read models hold one run per delivery, no more, once the projector has caught
  // up (it reads BATON_RUNS on its own; a node's failover can delay it by a pull's expiry).
  const listRuns = async () => {
    const listed = new Set<string>();
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = (await (
        await fetch(`${baseUrl}/api/runs?ensemble=cluster-load&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()) as { runs: Array<{ id: string }>; nextCursor: string | null };
      page.runs.forEach((run) => listed.add(run.id));
      cursor = page.nextCursor;
    }
    return [...listed].sort();
  };
  const expected = [...runIds].sort();
  const listed = await waitFor(
    'the read models to hold every run',
    async () => {
      const found = await listRuns();
      return found.length >= expected.length ? found : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
  expect(listed).toEqual(expected);

  // The restarted node has caught up: each stream has its three replicas again, all current.
  const nc = await adminConnection();
  try {
    const jsm = await jetstreamManager(nc);
    await waitFor('the restarted node to catch up', async () => {
      const info = await jsm.streams.info(natsLayout().streams.runs);
      const peers = info.cluster?.replicas ?? [];
      return peers.length === 2 && peers.every((peer) => peer.current) ? true : undefined;
    });
  } finally {
    await nc.close();
  }
}, 420_000);
