import type { EnsembleDefinition, Trigger } from '@baton/model';
import { Kvm } from '@nats-io/kv';
import { DefinitionCache } from './definition-cache';
import { KvDefinitionStore } from './definition-store';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const hello = fixture<EnsembleDefinition>('ensemble-hello');

function named(
  name: string,
  triggers: Trigger[] = [],
  changes: Partial<EnsembleDefinition> = {},
): EnsembleDefinition {
  return { ...hello, name, triggers, ...changes };
}

const webhook = (path: string): Trigger =>
  ({ type: 'webhook', path, auth: { scheme: 'none', toleranceSeconds: 300 } }) as Trigger;

describe('DefinitionCache', () => {
  let env: IsolatedLayout;
  let store: KvDefinitionStore;
  const caches: DefinitionCache[] = [];

  const cache = (maxDefinitions?: number) => {
    const created = new DefinitionCache(env.nc, {
      prefix: env.prefix,
      ...(maxDefinitions === undefined ? {} : { maxDefinitions }),
    });
    caches.push(created);
    return created;
  };

  beforeAll(async () => {
    env = await isolatedLayout('defcache');
    store = new KvDefinitionStore(env.nc, { prefix: env.prefix });
    await store.put(named('intake', [{ type: 'queue', queue: 'tickets' }, webhook('/hooks/intake')]));
    await store.put(named('audit', [{ type: 'queue', queue: 'tickets' }]));
    await store.put(named('on-order', [{ type: 'event', event: 'order.*' }]));
  });

  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await env.teardown();
  });

  it('knows every ensemble stored before it started, with its latest revision', async () => {
    const definitions = cache();
    const stored = await store.latest('intake');
    expect(await definitions.latest('intake')).toEqual(stored);
    expect(await definitions.latest('missing')).toBeUndefined();
  });

  it('finds the listeners of a queue or an event, and a webhook’s ensemble, from its index', async () => {
    const definitions = cache();
    const tickets = await definitions.listeners({ kind: 'queue', queue: 'tickets' });
    expect(tickets.map((found) => found.definition.name)).toEqual(['audit', 'intake']);
    const orders = await definitions.listeners({ kind: 'event', event: 'order.created' });
    expect(orders.map((found) => found.definition.name)).toEqual(['on-order']);
    expect(await definitions.webhook('/hooks/intake')).toMatchObject({
      ensemble: 'intake',
      revision: (await store.latest('intake'))?.revision,
      trigger: { path: '/hooks/intake' },
    });
  });

  it('follows revisions and ensembles stored elsewhere, through the KV watch', async () => {
    const definitions = cache();
    await definitions.latest('intake');
    const revision = await store.put(named('late', [{ type: 'queue', queue: 'later' }]));
    const listening = await eventually(async () => {
      const found = await definitions.listeners({ kind: 'queue', queue: 'later' });
      return found.length > 0 ? found : undefined;
    });
    expect(listening).toEqual([{ definition: named('late', [{ type: 'queue', queue: 'later' }]), revision }]);
    const next = await store.put(named('late', [{ type: 'queue', queue: 'elsewhere' }]));
    await eventually(async () => ((await definitions.latest('late'))?.revision === next ? true : undefined));
    expect(await definitions.listeners({ kind: 'queue', queue: 'later' })).toEqual([]);
  });

  it('forgets an ensemble deleted from the KV', async () => {
    const definitions = cache();
    await store.put(named('doomed', [{ type: 'queue', queue: 'doom' }]));
    await eventually(async () => (await definitions.latest('doomed')) ?? undefined);
    await (await new Kvm(env.nc).open(env.layout.buckets.ensembles)).delete('doomed');
    await eventually(async () => ((await definitions.latest('doomed')) === undefined ? true : undefined));
    expect(await definitions.listeners({ kind: 'queue', queue: 'doom' })).toEqual([]);
  });

  it('tells a follower every ensemble at once, then each registration, change and removal', async () => {
    const definitions = cache();
    const seen: Array<[string, string | undefined]> = [];
    await definitions.follow((name, _revision, definition) => {
      if (name.startsWith('followed')) seen.push([name, definition?.description]);
    });
    await store.put(named('followed', [], { description: 'one' } as Partial<EnsembleDefinition>));
    await store.put(named('followed', [], { description: 'two' } as Partial<EnsembleDefinition>));
    await (await new Kvm(env.nc).open(env.layout.buckets.ensembles)).delete('followed');
    await eventually(async () => (seen.length >= 3 ? true : undefined));
    expect(seen).toEqual([
      ['followed', 'one'],
      ['followed', 'two'],
      ['followed', undefined],
    ]);
    const late = cache();
    const known: string[] = [];
    await late.follow((name, _revision, definition) =>
      known.push(`${name}${definition ? '' : ' (removed)'}`),
    );
    expect(known).toEqual(expect.arrayContaining(['intake', 'audit', 'followed (removed)']));
  });

  it('knows at once what it stored itself, and reads every revision still kept', async () => {
    const definitions = cache();
    const first = await definitions.put(
      named('own', [], { description: 'one' } as Partial<EnsembleDefinition>),
    );
    const second = await definitions.put(
      named('own', [], { description: 'two' } as Partial<EnsembleDefinition>),
    );
    expect((await definitions.latest('own'))?.revision).toBe(second);
    expect(await definitions.get('own', first)).toMatchObject({ description: 'one' });
  });

  it('keeps no more definitions than its bound, reading an evicted revision again from the KV', async () => {
    const definitions = cache(1);
    const intake = await store.latest('intake');
    const audit = await store.latest('audit');
    expect(await definitions.get('intake', intake?.revision ?? 0)).toEqual(intake?.definition);
    expect(await definitions.get('audit', audit?.revision ?? 0)).toEqual(audit?.definition);
    expect(await definitions.get('intake', intake?.revision ?? 0)).toEqual(intake?.definition);
    expect(definitions.cachedDefinitions).toBe(1);
    expect(await definitions.get('intake', 999_999)).toBeUndefined();
  });

  it('removes an ensemble: its triggers stop matching here at once and in another process through the watch, its revisions stay', async () => {
    const here = cache();
    const elsewhere = cache();
    const revision = await here.put(
      named('removable', [
        { type: 'event', event: 'refund.*' },
        { type: 'queue', queue: 'refunds' },
        webhook('/hooks/removable'),
      ]),
    );
    await eventually(async () => await elsewhere.webhook('/hooks/removable'));

    expect(await here.remove('removable')).toEqual({ revision });
    expect(await here.latest('removable')).toBeUndefined();
    expect(await here.webhook('/hooks/removable')).toBeUndefined();
    expect(await here.listeners({ kind: 'event', event: 'refund.issued' })).toEqual([]);
    expect(await here.listeners({ kind: 'queue', queue: 'refunds' })).toEqual([]);
    await eventually(async () =>
      (await elsewhere.webhook('/hooks/removable')) === undefined ? true : undefined,
    );
    expect(await elsewhere.latest('removable')).toBeUndefined();
    expect(await elsewhere.listeners({ kind: 'event', event: 'refund.issued' })).toEqual([]);
    // A run in flight still loads the revision it started with.
    expect((await elsewhere.get('removable', revision))?.name).toBe('removable');
    expect(await store.revisions('removable')).toEqual([revision]);
    expect((await store.list()).map((entry) => entry.name)).not.toContain('removable');
  });

  it('answers undefined for removing an ensemble that is not there, or no longer, and writes nothing', async () => {
    const definitions = cache();
    expect(await definitions.remove('never-registered')).toBeUndefined();
    await definitions.put(named('twice-removed'));
    expect(await definitions.remove('twice-removed')).toBeDefined();
    expect(await definitions.remove('twice-removed')).toBeUndefined();
  });

  it('registers a removed ensemble again as a new revision, with its triggers back', async () => {
    const definitions = cache();
    const first = await definitions.put(named('comeback', [webhook('/hooks/comeback')]));
    await definitions.remove('comeback');
    const second = await definitions.put(named('comeback', [webhook('/hooks/comeback')]));
    expect(second).toBeGreaterThan(first);
    expect(await definitions.latest('comeback')).toMatchObject({ revision: second });
    expect(await definitions.webhook('/hooks/comeback')).toMatchObject({
      ensemble: 'comeback',
      revision: second,
    });
  });
});
