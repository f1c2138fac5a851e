import type { EnsembleDefinition } from '@baton/model';
import { KvDefinitionStore } from './definition-store';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const hello = fixture<EnsembleDefinition>('ensemble-hello');

function named(name: string, changes: Partial<EnsembleDefinition> = {}): EnsembleDefinition {
  return { ...hello, name, ...changes };
}

describe('KvDefinitionStore', () => {
  let env: IsolatedLayout;
  let store: KvDefinitionStore;

  beforeAll(async () => {
    env = await isolatedLayout('defs');
    store = new KvDefinitionStore(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it('knows no revision of an ensemble never stored', async () => {
    expect(await store.latest('unknown')).toBeUndefined();
    expect(await store.get('unknown', 1)).toBeUndefined();
  });

  it.each(['..', '@i{', 'a..b', '.a', 'a b', ''])(
    'knows no ensemble by a name that cannot be a key of the bucket (%j), without an error',
    async (name) => {
      expect(await store.latest(name)).toBeUndefined();
      expect(await store.get(name, 1)).toBeUndefined();
      expect(await store.revisions(name)).toEqual([]);
    },
  );

  it('stores a definition and reads it back as the latest revision', async () => {
    const definition = named('stored');
    const revision = await store.put(definition);
    expect(revision).toBeGreaterThan(0);
    expect(await store.latest('stored')).toEqual({ definition, revision });
  });

  it('answers with the same revision when the definition stored again is identical', async () => {
    const first = await store.put(named('same'));
    expect(await store.put(named('same'))).toBe(first);
  });

  it('stores a changed definition as a new, higher revision and still reads the old one', async () => {
    const v1 = named('edited');
    const v2 = named('edited', { description: 'now with a description' });
    const r1 = await store.put(v1);
    const r2 = await store.put(v2);
    expect(r2).toBeGreaterThan(r1);
    expect(await store.get('edited', r1)).toEqual(v1);
    expect(await store.get('edited', r2)).toEqual(v2);
    expect((await store.latest('edited'))?.revision).toBe(r2);
    expect(await store.revisions('edited')).toEqual([r1, r2]);
  });

  it("does not read another ensemble's revision as this one's", async () => {
    const other = await store.put(named('other'));
    expect(await store.get('edited', other)).toBeUndefined();
  });

  it('adds one revision when replicas register the same new definition at once', async () => {
    const definition = named('raced', { description: 'registered by three replicas' });
    const revisions = await Promise.all([
      store.put(definition),
      store.put(definition),
      store.put(definition),
    ]);
    expect(new Set(revisions).size).toBe(1);
  });

  it('lists the latest revision of every ensemble by name', async () => {
    const listed = await store.list();
    const names = listed.map((entry) => entry.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['edited', 'other', 'raced', 'same', 'stored']));
    const edited = listed.find((entry) => entry.name === 'edited');
    expect(edited?.definition.description).toBe('now with a description');
    expect(edited?.revision).toBe((await store.latest('edited'))?.revision);
  });
});
