import type { EnsembleDefinition, Trigger } from '@baton/model';
import type { Command, Task } from '@baton/engine';
import {
  RunStarter,
  TriggerIndex,
  sentRunId,
  type LatestDefinition,
  type RequestedStart,
} from '@baton/intake';
import { RunInputRejectedError, UnknownEnsembleError, type StartRunRequest } from '@baton/connectors';
import { QueueSender } from './queue-sender';

function ensemble(name: string, triggers: Trigger[], inputSchema?: object): EnsembleDefinition {
  return { name, triggers, ...(inputSchema ? { inputSchema } : {}) } as unknown as EnsembleDefinition;
}

function setup() {
  const index = new TriggerIndex();
  const latest = new Map<string, LatestDefinition>();
  for (const definition of [
    ensemble('ticket-intake', [{ type: 'queue', queue: 'tickets' }]),
    ensemble('audit', [{ type: 'queue', queue: 'tickets' }]),
    ensemble('on-order', [{ type: 'event', event: 'order.*' }]),
    ensemble('strict', [], { required: ['sku'] }),
  ]) {
    latest.set(definition.name, { definition, revision: 7 });
    index.put(definition);
  }
  // What the worker reports with the result: starts now, and delayed ones with their due time.
  const sent: Command[] = [];
  const scheduled: RequestedStart[] = [];
  const published: unknown[] = [];
  const starter = new RunStarter({
    definitions: {
      latest: async (name) => latest.get(name),
      listeners: async (target) => index.listeners(target).flatMap((name) => latest.get(name) ?? []),
    },
    // A stand-in for the JSON Schema check: `required` keys must be present.
    inputs: {
      check: (schema, input) =>
        ((schema.required as string[] | undefined) ?? [])
          .filter((key) => !(key in (input as object)))
          .map((key) => ({ path: '/', message: `must have required property '${key}'` })),
    },
    inbox: { send: async (command) => void published.push(command) },
    timers: { schedule: async (timer) => void published.push(timer) },
    dedupe: { claim: async (_key, runId) => ({ runId, duplicate: false }), find: async () => undefined },
    clock: { now: () => new Date('2026-11-24T10:00:00.000Z'), randomBytes: (n) => new Uint8Array(n) },
  });
  const queue = new QueueSender(starter);
  const sender = {
    send: (from: Task, request: StartRunRequest) =>
      queue.send(from, request, (starts) => {
        for (const start of starts) {
          if (start.dueAt === undefined) sent.push(start.command);
          else scheduled.push(start);
        }
      }),
  };
  return { sender, sent, scheduled, published };
}

const task = { runId: 'run-1', agent: 'ship', idempotencyKey: 'run-1:ship:0' } as Task;

describe('queue sends', () => {
  it('start the named ensemble at its latest revision, saying which run sent it, and publish nothing', async () => {
    const { sender, sent, published } = setup();
    const { runIds } = await sender.send(task, { ensemble: 'audit', input: { a: 1 } });
    expect(runIds).toEqual([sentRunId('run-1:ship:0', 'audit')]);
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'StartRun',
        runId: runIds[0],
        ensemble: 'audit',
        revision: 7,
        input: { a: 1 },
        trigger: { type: 'queue', queue: null, from: { runId: 'run-1', agent: 'ship' } },
      }),
    ]);
    // Workers publish results only: the orchestrator starts what the result carries.
    expect(published).toEqual([]);
  });

  it('start every ensemble with a queue trigger on the queue, and event triggers through `event:NAME`', async () => {
    const { sender, sent } = setup();
    expect((await sender.send(task, { queue: 'tickets', input: {} })).runIds).toHaveLength(2);
    await sender.send(task, { queue: 'event:order.created', input: {} });
    expect(sent.map((c) => c.type === 'StartRun' && c.ensemble)).toEqual([
      'audit',
      'ticket-intake',
      'on-order',
    ]);
  });

  it('label a run started through `event:NAME` as started by that event, not by a queue', async () => {
    const { sender, sent } = setup();
    await sender.send(task, { queue: 'event:order.created', input: {} });
    expect(sent).toEqual([
      expect.objectContaining({
        ensemble: 'on-order',
        trigger: {
          type: 'event',
          event: 'order.created',
          queue: 'event:order.created',
          from: { runId: 'run-1', agent: 'ship' },
        },
      }),
    ]);
  });

  it('start durably after a delay, due then', async () => {
    const { sender, sent, scheduled, published } = setup();
    await sender.send(task, { ensemble: 'audit', input: {}, delayMs: 60_000 });
    expect(sent).toEqual([]);
    expect(scheduled).toEqual([expect.objectContaining({ dueAt: '2026-11-24T10:01:00.000Z' })]);
    expect(published).toEqual([]);
  });

  it('fail clearly for an ensemble, queue or event nobody listens to', async () => {
    const { sender } = setup();
    await expect(sender.send(task, { ensemble: 'nowhere', input: {} })).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
    await expect(sender.send(task, { queue: 'empty', input: {} })).rejects.toThrow(
      "'queue:empty' does not exist",
    );
    await expect(sender.send(task, { queue: 'event:user.deleted', input: {} })).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
  });

  it('fail with the schema’s words when the target refuses the input', async () => {
    const { sender, sent } = setup();
    const refused = sender.send(task, { ensemble: 'strict', input: {} });
    await expect(refused).rejects.toBeInstanceOf(RunInputRejectedError);
    await expect(refused).rejects.toThrow(
      "input does not match the input schema of 'strict': / must have required property 'sku'",
    );
    expect(sent).toEqual([]);
  });
});

describe('emitted events', () => {
  it('start every ensemble whose event trigger matches, as started by the event, with the data as input', async () => {
    const { sender, sent } = setup();
    const { runIds } = await sender.send(task, { event: 'order.shipped', input: { id: 'o-1' } });
    expect(runIds).toEqual([sentRunId('run-1:ship:0', 'on-order')]);
    expect(sent).toEqual([
      expect.objectContaining({
        ensemble: 'on-order',
        input: { id: 'o-1' },
        trigger: { type: 'event', event: 'order.shipped', from: { runId: 'run-1', agent: 'ship' } },
      }),
    ]);
  });

  it('reach no ensemble whose pattern does not match', async () => {
    const { sender, sent } = setup();
    await expect(sender.send(task, { event: 'order', input: {} })).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
    await expect(sender.send(task, { event: 'invoice.paid', input: {} })).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
    expect(sent).toEqual([]);
  });
});
