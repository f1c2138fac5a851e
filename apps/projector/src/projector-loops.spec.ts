/**
 * The projector against the real NATS and PostgreSQL: run-log messages of both layouts (a decision
 * per message, and one event per message) and webhook log lines go into the read models in
 * batches; a rebuild while it runs gives the same rows, byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Client } from 'pg';
import { parse } from 'yaml';
import type { RunEvent } from '@baton/engine';
import { connectNats, natsLayout, provision, removeLayout, WebhookLogStream } from '@baton/messaging';
import { closeOrm, openReadModels, RunQueries, webhookLogLine, type ReadModelOrm } from '@baton/persistence';
import { Metrics } from '@baton/telemetry';
import { ProjectorLoops } from './projector-loops';
import { rebuildRunReadModels } from './run-rebuild';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const POSTGRES = process.env['BATON_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
const FIXTURES = join(__dirname, '../../../libs/persistence/src/fixtures');

function fixtureEvents(name: string, runId: string): RunEvent[] {
  const events = parse(readFileSync(join(FIXTURES, `${name}.events.yaml`), 'utf8')) as RunEvent[];
  return events.map((event) => ({ ...event, runId }) as RunEvent);
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Real NATS and PostgreSQL on a shared machine: generous limits, so load never fails a spec.
jest.setTimeout(60_000);

describe('the projector', () => {
  const prefix = `TPROJ${randomBytes(3).toString('hex').toUpperCase()}_`;
  const layout = natsLayout({ prefix });
  const databaseUrl = `${POSTGRES}/baton_test_${randomBytes(6).toString('hex')}`;
  let nc: NatsConnection;
  let orm: ReadModelOrm;
  let loops: ProjectorLoops;
  let metrics: Metrics;
  let db: Client;

  beforeAll(async () => {
    nc = await connectNats({ url: NATS_URL, name: 'projector-spec' });
    await provision(nc, { prefix });
    orm = await openReadModels(databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    metrics = new Metrics({ service: 'projector', defaultMetrics: false });
    // The loops close their ORM when they stop: give them one of their own.
    loops = new ProjectorLoops(nc, await openReadModels(databaseUrl), metrics, { prefix });
    await loops.onApplicationBootstrap();
  });

  afterAll(async () => {
    await loops.beforeApplicationShutdown();
    await loops.onApplicationShutdown();
    await db.end();
    await closeOrm(orm);
    const admin = new Client({ connectionString: `${POSTGRES}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    await admin.end();
    await removeLayout(nc, { prefix });
    await nc.close();
  });

  /** Publishes a run's events as the log holds them: one message per decision, or one per event. */
  async function append(events: readonly RunEvent[], layoutOfLog: 'decisions' | 'events'): Promise<void> {
    const js = jetstream(nc);
    const groups: RunEvent[][] = [];
    for (const event of events) {
      const last = groups.at(-1);
      if (layoutOfLog === 'decisions' && last !== undefined && last[0].causationId === event.causationId)
        last.push(event);
      else groups.push([event]);
    }
    for (const group of groups) {
      const body =
        layoutOfLog === 'decisions' ? { commandId: group[0].causationId, events: group } : group[0];
      await js.publish(layout.runSubject(group[0].runId), JSON.stringify(body));
    }
  }

  const dump = async () => {
    const tables: Record<string, string[]> = {};
    for (const [table, order] of [
      ['runs', 'id'],
      ['run_agents', 'run_id, agent'],
      ['run_steps', 'run_id, agent, iteration'],
    ]) {
      tables[table] = (
        await db.query(`select t::text as row from baton.${table} t order by ${order}`)
      ).rows.map((row: { row: string }) => row.row);
    }
    return tables;
  };

  const completed = (runId: string) =>
    eventually(`${runId} to be projected`, async () => {
      const run = await new RunQueries(orm).get(runId);
      return run?.status === 'completed' || run?.status === 'cancelled' ? run : undefined;
    });

  it('projects run-log messages of both layouts, terminates one that is not JSON, and reports its lag', async () => {
    await append(fixtureEvents('order-run', 'run-decisions'), 'decisions');
    await jetstream(nc).publish(layout.runSubject('run-poison'), 'not json');
    await append(fixtureEvents('cancelled-while-waiting', 'run-events'), 'events');

    expect(await completed('run-decisions')).toMatchObject({
      status: 'completed',
      agents: { 'check-inventory': { output: [[{ quantity: 3 }], [{ quantity: 5 }]] } },
    });
    expect(await completed('run-events')).toMatchObject({ status: 'cancelled' });

    await eventually('the backlog to drain', async () => {
      const info = await (await jetstreamManager(nc)).consumers.info(layout.streams.runs, 'projector');
      return info.num_pending + info.num_ack_pending === 0 ? true : undefined;
    });
    const text = await metrics.text();
    expect(text).toMatch(/baton_projector_last_event_age_seconds\{service="projector"\} \d/);
    expect(text).toMatch(
      /baton_projector_messages_total\{consumer="projector",result="applied",service="projector"\} \d/,
    );
    expect(text).toMatch(
      /baton_projector_messages_total\{consumer="projector",result="poison",service="projector"\} 1/,
    );
  });

  it('writes the webhook log lines of every message once, and terminates a message without lines', async () => {
    const lines = ['/spec/a', '/spec/b', '/spec/c'].map((triggerPath) =>
      webhookLogLine({ triggerPath, statusCode: 202, receivedAt: new Date(), headers: {} }),
    );
    const first = new WebhookLogStream(nc, { prefix });
    for (const line of lines.slice(0, 2)) first.add(line);
    expect(await first.close()).toBe(0);
    await jetstream(nc).publish(layout.webhookLogSubject, JSON.stringify({ nothing: true }));
    // A line sent again (in another message) is stored once.
    const second = new WebhookLogStream(nc, { prefix });
    for (const line of lines.slice(1)) second.add(line);
    expect(await second.close()).toBe(0);

    const rows = await eventually('the lines to be written', async () => {
      const { rows } = await db.query(
        `select trigger_path from baton.webhook_logs where trigger_path like '/spec/%' order by 1`,
      );
      return rows.length >= 3 ? rows : undefined;
    });
    expect(rows.map((row: { trigger_path: string }) => row.trigger_path)).toEqual([
      '/spec/a',
      '/spec/b',
      '/spec/c',
    ]);
  });

  it('rebuilds the read models from the log, while it keeps projecting, to the same rows byte for byte', async () => {
    await append(fixtureEvents('order-run', 'run-before-rebuild'), 'decisions');
    await completed('run-before-rebuild');
    const live = await dump();

    const rebuilt = await rebuildRunReadModels(nc, orm, { layout: { prefix } });
    // The message that is not JSON is skipped again.
    expect(rebuilt).toEqual({ ok: true, messages: expect.any(Number), runs: 3, skipped: 1 });
    expect(await dump()).toEqual(live);

    // The projector goes on from where it was.
    await append(fixtureEvents('order-run', 'run-after-rebuild'), 'events');
    await completed('run-after-rebuild');
  });
});
