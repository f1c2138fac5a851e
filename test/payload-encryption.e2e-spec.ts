/**
 * Payload encryption at rest (BATON_PAYLOAD_KEY): a run's input, step outputs, state, an agent's
 * error and the run's output rest as AES-256-GCM envelopes in every stream message and every row,
 * while the API shows them in clear to its caller.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { everyStreamMessage } from './support/stream-messages';

// Distinctive enough that any copy of it, in any message or row, is found.
const CARD = `card-${randomBytes(6).toString('hex')}`;
const KEY = `e2e-1:${randomBytes(32).toString('base64')}`;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/encryption'),
    only: ['ingress', 'orchestrator', 'worker', 'projector'],
    env: { BATON_PAYLOAD_KEY: KEY },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('with BATON_PAYLOAD_KEY', () => {
  let runId: string;

  beforeAll(async () => {
    const started = await stack.api('/api/ensembles/sealed-order/runs', {
      body: { card: CARD, lines: [`${CARD}-1`, `${CARD}-2`] },
    });
    expect(started.status).toBe(202);
    runId = started.body.runId;
    await waitFor(
      `run ${runId} projected as completed`,
      async () => {
        const { body } = await stack.api(`/api/runs/${runId}`);
        return body.status === 'completed' ? body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 90_000);

  it('the API shows the run in clear: input, output, step outputs and the error', async () => {
    const { status, body } = await stack.api(`/api/runs/${runId}`);
    expect(status).toBe(200);
    expect(body.input).toEqual({ card: CARD, lines: [`${CARD}-1`, `${CARD}-2`] });
    expect(body.output).toEqual({ receipt: { card: CARD, note: `charged ${CARD}` }, audited: false });
    expect(body.agents.charge.output).toEqual({ receipt: { card: CARD, note: `charged ${CARD}` } });
    expect(body.agents.audit.error.message).toContain(`declined ${CARD}`);
    // A loop's output, which the projector aggregates from its steps' sealed outputs.
    expect(body.agents.lines).toMatchObject({
      status: 'succeeded',
      output: [{ line: `${CARD}-1` }, { line: `${CARD}-2` }],
    });
    const list = await stack.api('/api/runs?ensemble=sealed-order');
    expect(JSON.stringify(list.body)).not.toContain('"$enc"');
    const { body: timeline } = await stack.api(`/api/runs/${runId}/events`);
    const requested = timeline.events.find((event: { type: string }) => event.type === 'RunRequested');
    expect(requested.data.input.card).toBe(CARD);
    const state = timeline.events.find((event: { type: string }) => event.type === 'StateUpdated');
    expect(state.data.changes.receipt.card).toBe(CARD);
  });

  it('no stream message holds the payloads in clear, and the run log holds their envelopes', async () => {
    const messages = await everyStreamMessage(stack.nats.url);
    const runLog = messages.filter((message) => message.subject === `baton.run.${runId}`);
    expect(runLog.length).toBeGreaterThan(1);
    expect(messages.filter((message) => message.text.includes(CARD))).toEqual([]);
    const requested = JSON.parse(runLog[0].text).events[0];
    // The envelope of the event stays readable for tools; its payload is ciphertext with its key id.
    expect(requested).toMatchObject({ type: 'RunRequested', runId, data: { ensemble: 'sealed-order' } });
    expect(requested.data.input).toEqual({
      $enc: 'v1',
      kid: 'e2e-1',
      iv: expect.any(String),
      data: expect.any(String),
      tag: expect.any(String),
    });
  });

  it('no row of the database holds the payloads in clear (pg_dump), and the runs row holds envelopes', async () => {
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', stack.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump).toContain(runId);
    expect(dump).not.toContain(CARD);
    const { Client } = await import('pg');
    const db = new Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT input, output FROM baton.runs WHERE id = $1', [runId]);
      expect(rows[0].input).toMatchObject({ $enc: 'v1', kid: 'e2e-1' });
      expect(rows[0].output).toMatchObject({ $enc: 'v1', kid: 'e2e-1' });
    } finally {
      await db.end();
    }
  });
});
