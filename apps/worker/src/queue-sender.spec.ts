import type { EnsembleDefinition, Trigger } from '@baton/model';
import type { Command, DefinitionStore, Inbox, Task, Timer, Timers } from '@baton/engine';
import { UnknownEnsembleError } from '@baton/connectors';
import { eventMatches, QueueSender } from './queue-sender';

function ensemble(name: string, triggers: Trigger[]): EnsembleDefinition {
  return { name, triggers } as unknown as EnsembleDefinition;
}

function setup() {
  const definitions = [
    ensemble('ticket-intake', [{ type: 'queue', queue: 'tickets' }]),
    ensemble('audit', [{ type: 'queue', queue: 'tickets' }]),
    ensemble('on-order', [{ type: 'event', event: 'order.*' }]),
  ];
  const store: DefinitionStore = {
    latest: async (name) => {
      const definition = definitions.find((d) => d.name === name);
      return definition && { definition, revision: 7 };
    },
    get: async () => undefined,
    put: async () => 1,
    list: async () => definitions.map((definition) => ({ name: definition.name, revision: 7, definition })),
  };
  const sent: Command[] = [];
  const scheduled: Timer[] = [];
  const inbox: Inbox = { send: async (command) => void sent.push(command) };
  const timers: Timers = {
    schedule: async (timer) => void scheduled.push(timer),
    cancel: async () => undefined,
  };
  return { sender: new QueueSender(store, inbox, timers), sent, scheduled };
}

const task = { runId: 'run-1', agent: 'ship', idempotencyKey: 'run-1:ship:0' } as Task;
const now = new Date('2026-11-24T10:00:00.000Z');

describe('queue sends', () => {
  it('start the named ensemble at its latest revision', async () => {
    const { sender, sent } = setup();
    const { runIds } = await sender.send(task, { ensemble: 'audit', input: { a: 1 } }, now);
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'StartRun',
        runId: runIds[0],
        ensemble: 'audit',
        revision: 7,
        input: { a: 1 },
      }),
    ]);
  });

  it('start every ensemble with a queue trigger on the queue', async () => {
    const { sender, sent } = setup();
    const { runIds } = await sender.send(task, { queue: 'tickets', input: {} }, now);
    expect(runIds).toHaveLength(2);
    expect(sent.map((c) => c.type === 'StartRun' && c.ensemble).sort()).toEqual(['audit', 'ticket-intake']);
  });

  it('reach event triggers through `event:NAME`', async () => {
    const { sender, sent } = setup();
    await sender.send(task, { queue: 'event:order.created', input: {} }, now);
    expect(sent.map((c) => c.type === 'StartRun' && c.ensemble)).toEqual(['on-order']);
  });

  it('send the same run ids when the attempt is retried, so a send is never doubled', async () => {
    const { sender } = setup();
    const first = await sender.send(task, { queue: 'tickets', input: {} }, now);
    const again = await sender.send(task, { queue: 'tickets', input: {} }, now);
    expect(again).toEqual(first);
  });

  it('start durably after a delay, through a timer due then', async () => {
    const { sender, sent, scheduled } = setup();
    await sender.send(task, { ensemble: 'audit', input: {}, delayMs: 60_000 }, now);
    expect(sent).toEqual([]);
    expect(scheduled).toEqual([
      expect.objectContaining({
        dueAt: '2026-11-24T10:01:00.000Z',
        command: expect.objectContaining({ type: 'StartRun' }),
      }),
    ]);
  });

  it('fail clearly for an ensemble, queue or event nobody listens to', async () => {
    const { sender } = setup();
    await expect(sender.send(task, { ensemble: 'nowhere', input: {} }, now)).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
    await expect(sender.send(task, { queue: 'empty', input: {} }, now)).rejects.toThrow(
      "'queue:empty' does not exist",
    );
    await expect(sender.send(task, { queue: 'event:user.deleted', input: {} }, now)).rejects.toBeInstanceOf(
      UnknownEnsembleError,
    );
  });
});

describe('event patterns', () => {
  it.each([
    ['order.*', 'order.created', true],
    ['order.*', 'order.created.late', false],
    ['order.>', 'order.created.late', true],
    ['order.created', 'order.created', true],
    ['order.created', 'order.deleted', false],
    ['*', 'order', true],
  ])('%s matches %s: %s', (pattern, name, matches) => {
    expect(eventMatches(pattern, name)).toBe(matches);
  });
});
