import type { EnsembleDefinition, Trigger } from '@baton/model';
import { TriggerIndex, eventMatches, sendTargetOfQueue } from './trigger-index';

function ensemble(name: string, triggers: Trigger[]): Pick<EnsembleDefinition, 'name' | 'triggers'> {
  return { name, triggers };
}

const webhook = (path: string): Trigger =>
  ({ type: 'webhook', path, auth: { scheme: 'none', toleranceSeconds: 300 } }) as Trigger;

describe('the trigger index', () => {
  function indexed() {
    const index = new TriggerIndex();
    index.put(ensemble('ticket-intake', [{ type: 'queue', queue: 'tickets' }, webhook('/hooks/tickets')]));
    index.put(ensemble('audit', [{ type: 'queue', queue: 'tickets' }]));
    index.put(ensemble('on-order', [{ type: 'event', event: 'order.*' }]));
    index.put(ensemble('everything', [{ type: 'event', event: '>' }]));
    return index;
  }

  it('finds every ensemble listening on a queue, by name', () => {
    expect(indexed().listeners({ kind: 'queue', queue: 'tickets' })).toEqual(['audit', 'ticket-intake']);
    expect(indexed().listeners({ kind: 'queue', queue: 'nobody' })).toEqual([]);
  });

  it('finds the ensembles whose event patterns match an event', () => {
    expect(indexed().listeners({ kind: 'event', event: 'order.created' })).toEqual([
      'everything',
      'on-order',
    ]);
    expect(indexed().listeners({ kind: 'event', event: 'order.created.late' })).toEqual(['everything']);
  });

  it('finds a webhook path’s ensemble and trigger', () => {
    expect(indexed().webhook('/hooks/tickets')).toMatchObject({ ensemble: 'ticket-intake' });
    expect(indexed().webhook('/hooks/none')).toBeUndefined();
  });

  it('follows a new revision: triggers it dropped are forgotten, new ones found', () => {
    const index = indexed();
    index.put(ensemble('ticket-intake', [{ type: 'queue', queue: 'urgent' }]));
    expect(index.listeners({ kind: 'queue', queue: 'tickets' })).toEqual(['audit']);
    expect(index.listeners({ kind: 'queue', queue: 'urgent' })).toEqual(['ticket-intake']);
    expect(index.webhook('/hooks/tickets')).toBeUndefined();
  });

  it('forgets a removed ensemble entirely', () => {
    const index = indexed();
    index.remove('on-order');
    index.remove('everything');
    expect(index.listeners({ kind: 'event', event: 'order.created' })).toEqual([]);
    expect(index.ensembles()).toEqual(['audit', 'ticket-intake']);
  });
});

describe('send targets', () => {
  it('reach event triggers through `event:NAME`, queues otherwise', () => {
    expect(sendTargetOfQueue('event:order.created')).toEqual({ kind: 'event', event: 'order.created' });
    expect(sendTargetOfQueue('tickets')).toEqual({ kind: 'queue', queue: 'tickets' });
  });

  it('match event patterns token by token, NATS style', () => {
    expect(eventMatches('order.*', 'order.created')).toBe(true);
    expect(eventMatches('order.*', 'order')).toBe(false);
    expect(eventMatches('order.*', 'order.created.late')).toBe(false);
    expect(eventMatches('order.>', 'order.created.late')).toBe(true);
    expect(eventMatches('order.>', 'order')).toBe(false);
    expect(eventMatches('order.created', 'order.created')).toBe(true);
  });
});
