import type { EnsembleDefinition, Trigger } from '@baton/model';
import type { Command } from '../commands';
import type { Timer } from '../delivery';
import { dedupedRunId, sentRunId } from '../ids';
import { TriggerIndex } from '../trigger-index';
import { RunStarter } from './run-starter';
import type {
  AdmissionRefusal,
  InputProblem,
  JsonSchema,
  LatestDefinition,
  RunStarterPorts,
} from './start-ports';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function ensemble(name: string, triggers: Trigger[] = [], inputSchema?: JsonSchema): EnsembleDefinition {
  return { name, triggers, ...(inputSchema ? { inputSchema } : {}) } as unknown as EnsembleDefinition;
}

/** Requires `name` to be a string: enough of a schema check for the starter's rules. */
const requiresName = (_schema: JsonSchema, input: unknown): InputProblem[] =>
  typeof (input as { name?: unknown })?.name === 'string'
    ? []
    : [{ path: '/', message: "must have required property 'name'" }];

function setup(options: { refusal?: AdmissionRefusal } = {}) {
  const definitions = new Map<string, LatestDefinition>();
  const index = new TriggerIndex();
  const add = (definition: EnsembleDefinition, revision = 7) => {
    definitions.set(definition.name, { definition, revision });
    index.put(definition);
  };
  add(ensemble('greet', [], { type: 'object' }));
  add(ensemble('ticket-intake', [{ type: 'queue', queue: 'tickets' }]));
  add(ensemble('audit', [{ type: 'queue', queue: 'tickets' }], { type: 'object' }));
  const sent: Command[] = [];
  const scheduled: Timer[] = [];
  const claims = new Map<string, string>();
  let refusal = options.refusal;
  const ports: RunStarterPorts = {
    definitions: {
      latest: async (name) => definitions.get(name),
      listeners: async (target) => index.listeners(target).flatMap((name) => definitions.get(name) ?? []),
    },
    inputs: { check: requiresName },
    inbox: { send: async (command) => void sent.push(command) },
    timers: { schedule: async (timer) => void scheduled.push(timer) },
    dedupe: {
      claim: async (key, runId) => {
        const first = claims.get(key);
        if (first !== undefined) return { runId: first, duplicate: true };
        claims.set(key, runId);
        return { runId, duplicate: false };
      },
      find: async (key) => claims.get(key),
    },
    clock: { now: () => NOW, randomBytes: (count) => new Uint8Array(count).fill(1) },
    admission: { refusal: () => refusal },
  };
  return {
    starter: new RunStarter(ports),
    sent,
    scheduled,
    claims,
    add,
    refuse: (next: AdmissionRefusal | undefined) => (refusal = next),
  };
}

const request = { ensemble: 'greet', input: { name: 'Ada' }, trigger: { type: 'api' as const } };

describe('starting a run', () => {
  it('sends a StartRun of the latest revision, issued now, and names the run', async () => {
    const { starter, sent } = setup();
    const outcome = await starter.start({ ...request, traceparent: '00-t-s-01' });
    expect(outcome).toEqual({
      ok: true,
      run: { runId: expect.any(String), duplicate: false, ensemble: 'greet', revision: 7 },
    });
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'StartRun',
        commandId: `start:${sent[0].runId}`,
        at: NOW.toISOString(),
        revision: 7,
        input: { name: 'Ada' },
        traceparent: '00-t-s-01',
      }),
    ]);
  });

  it('refuses an unknown ensemble and sends nothing', async () => {
    const { starter, sent } = setup();
    const outcome = await starter.start({ ...request, ensemble: 'nope' });
    expect(outcome).toEqual({
      ok: false,
      refusal: { code: 'unknown-ensemble', message: "no ensemble named 'nope'", ensemble: 'nope' },
    });
    expect(sent).toEqual([]);
  });

  it('refuses an input that fails the ensemble’s schema, saying where, and sends nothing', async () => {
    const { starter, sent, claims } = setup();
    const outcome = await starter.start({ ...request, input: {}, dedupeKey: '/hooks/greet#1' });
    expect(outcome).toEqual({
      ok: false,
      refusal: {
        code: 'invalid-input',
        message: "input does not match the input schema of 'greet': / must have required property 'name'",
        ensemble: 'greet',
        problems: [{ path: '/', message: "must have required property 'name'" }],
      },
    });
    expect([sent, claims.size]).toEqual([[], 0]);
  });

  it('gives a dedupe key’s delivery one run: a repeat answers the same run as a duplicate', async () => {
    const { starter, sent } = setup();
    const first = await starter.start({ ...request, dedupeKey: '/hooks/greet#d-1' });
    const again = await starter.start({ ...request, dedupeKey: '/hooks/greet#d-1' });
    expect(first).toMatchObject({
      ok: true,
      run: { runId: dedupedRunId('/hooks/greet#d-1'), duplicate: false },
    });
    expect(again).toMatchObject({
      ok: true,
      run: { runId: dedupedRunId('/hooks/greet#d-1'), duplicate: true },
    });
    // The repeat is sent again (idempotent), so a crash between the claim and the publish loses nothing.
    expect(sent.map((command) => command.commandId)).toEqual([
      `start:${dedupedRunId('/hooks/greet#d-1')}`,
      `start:${dedupedRunId('/hooks/greet#d-1')}`,
    ]);
  });

  it('starts durably later through a timer due then', async () => {
    const { starter, sent, scheduled } = setup();
    const outcome = await starter.start({ ...request, runId: 'r-later', delayMs: 60_000 });
    expect(outcome).toMatchObject({ ok: true, run: { runId: 'r-later' } });
    expect(sent).toEqual([]);
    expect(scheduled).toEqual([
      {
        timerId: 'start:r-later',
        runId: 'r-later',
        dueAt: '2026-03-01T12:01:00.000Z',
        command: expect.objectContaining({ type: 'StartRun', at: '2026-03-01T12:01:00.000Z' }),
      },
    ]);
  });
});

describe('the backlog limit', () => {
  const full = { backlog: 120, limit: 100, retryAfterSeconds: 4 };

  it('refuses a new start while too many runs wait, saying when to try again, and writes nothing', async () => {
    const { starter, sent, claims } = setup({ refusal: full });
    const outcome = await starter.start({ ...request, dedupeKey: '/hooks/greet#new' });
    expect(outcome).toEqual({
      ok: false,
      refusal: {
        code: 'backlog-full',
        message:
          'too many runs are waiting to start (120, the limit is 100): nothing was accepted; send it again in 4 s',
        ...full,
      },
    });
    expect([sent, claims.size]).toEqual([[], 0]);
  });

  it('still answers a duplicate of a delivery it accepted, as before', async () => {
    const { starter, refuse } = setup();
    await starter.start({ ...request, dedupeKey: '/hooks/greet#seen' });
    refuse(full);
    const again = await starter.start({ ...request, dedupeKey: '/hooks/greet#seen' });
    expect(again).toMatchObject({
      ok: true,
      run: { runId: dedupedRunId('/hooks/greet#seen'), duplicate: true },
    });
  });

  it('never refuses the runs an agent sends: runs in flight must go on', async () => {
    const { starter } = setup({ refusal: full });
    const sender = { runId: 'run-1', agent: 'send', idempotencyKey: 'run-1:send:0' };
    const outcome = await starter.prepareSent(sender, {
      ensemble: 'greet',
      input: { name: 'x' },
      trigger: { type: 'queue' },
    });
    expect(outcome).toMatchObject({ ok: true, runIds: [sentRunId('run-1:send:0', 'greet')] });
  });
});

describe('an agent’s sends', () => {
  const sender = { runId: 'run-1', agent: 'ship', idempotencyKey: 'run-1:ship:0', traceparent: '00-a-b-01' };
  const trigger = { type: 'queue' as const, queue: 'tickets', from: { runId: 'run-1', agent: 'ship' } };

  it('are prepared for every ensemble listening on the queue, named after the sending attempt, and not sent', async () => {
    const { starter, sent } = setup();
    const outcome = await starter.prepareSent(sender, {
      target: { kind: 'queue', queue: 'tickets' },
      input: { name: 't' },
      trigger,
    });
    const runIds = [sentRunId('run-1:ship:0', 'audit'), sentRunId('run-1:ship:0', 'ticket-intake')];
    expect(outcome).toMatchObject({ ok: true, runIds });
    if (!outcome.ok) return;
    expect(
      outcome.starts.map(({ command }) => [command.runId, command.ensemble, command.traceparent]),
    ).toEqual([
      [runIds[0], 'audit', '00-a-b-01'],
      [runIds[1], 'ticket-intake', '00-a-b-01'],
    ]);
    expect(outcome.starts.every((start) => start.dueAt === undefined)).toBe(true);
    // Workers publish results only: the orchestrator starts these once the result counts.
    expect(sent).toEqual([]);
  });

  it('are due later when the send is delayed', async () => {
    const { starter } = setup();
    const outcome = await starter.prepareSent(sender, {
      ensemble: 'greet',
      input: { name: 'x' },
      trigger,
      delayMs: 60_000,
    });
    const dueAt = new Date(NOW.getTime() + 60_000).toISOString();
    expect(outcome.ok && outcome.starts.map((start) => [start.dueAt, start.command.at])).toEqual([
      [dueAt, dueAt],
    ]);
  });

  it('name the same runs when the attempt is retried, so a send is never doubled', async () => {
    const { starter } = setup();
    const send = { target: { kind: 'queue', queue: 'tickets' } as const, input: { name: 't' }, trigger };
    const runIds = async () => {
      const outcome = await starter.prepareSent(sender, send);
      return outcome.ok ? outcome.runIds : [];
    };
    expect(await runIds()).toEqual(await runIds());
  });

  it('start none of them when one input fails its schema', async () => {
    const { starter, sent } = setup();
    const outcome = await starter.prepareSent(sender, {
      target: { kind: 'queue', queue: 'tickets' },
      input: {},
      trigger,
    });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'invalid-input', ensemble: 'audit' } });
    expect(sent).toEqual([]);
  });

  it('refuse a queue or event nobody listens on, naming it', async () => {
    const { starter } = setup();
    const outcome = await starter.prepareSent(sender, {
      target: { kind: 'event', event: 'order.created' },
      input: {},
      trigger,
    });
    expect(outcome).toMatchObject({
      ok: false,
      refusal: { code: 'unknown-ensemble', ensemble: 'event:order.created' },
    });
  });
});
