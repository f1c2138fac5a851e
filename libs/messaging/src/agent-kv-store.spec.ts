import { Kvm } from '@nats-io/kv';
import { AgentKvStore } from './agent-kv-store';
import { dedupeKvKey } from './dedupe-key';
import { ArtifactStore } from './artifact-store';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('AgentKvStore', () => {
  let env: IsolatedLayout;
  let clock: number;
  let store: AgentKvStore;

  beforeAll(async () => {
    env = await isolatedLayout('agentkv');
  });
  beforeEach(() => {
    clock = 1_000_000;
    store = new AgentKvStore(env.nc, { prefix: env.prefix, now: () => clock });
  });
  afterEach(() => store.stopSweeper());
  afterAll(() => env.teardown());

  const rawKeys = async (): Promise<string[]> => {
    const kv = await new Kvm(env.nc).open(env.layout.buckets.kv);
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    return keys.sort();
  };

  it('stores any JSON value under any key, and reads absent keys as undefined', async () => {
    await store.put('order:42', { total: 12.5, items: ['a'] });
    await store.put('ünï code / key', 'text');
    expect(await store.get('order:42')).toEqual({ total: 12.5, items: ['a'] });
    expect(await store.get('ünï code / key')).toBe('text');
    expect(await store.get('never-written')).toBeUndefined();
  });

  it('keeps keys apart that differ only in characters a KV key cannot hold', async () => {
    await store.put('a.b', 1);
    await store.put('a=2Eb', 2);
    await store.put('a b', 3);
    expect([await store.get('a.b'), await store.get('a=2Eb'), await store.get('a b')]).toEqual([1, 2, 3]);
    const long = 'k'.repeat(500);
    await store.put(long, 'long keys are hashed');
    expect(await store.get(long)).toBe('long keys are hashed');
  });

  it('deletes a key', async () => {
    await store.put('gone', true);
    await store.delete('gone');
    expect(await store.get('gone')).toBeUndefined();
  });

  it('reads a key as absent once its TTL has passed, and removes it then', async () => {
    await store.put('audit:1', { ok: true }, 60);
    clock += 59_999;
    expect(await store.get('audit:1')).toEqual({ ok: true });
    clock += 1;
    expect(await store.get('audit:1')).toBeUndefined();
    expect(await rawKeys()).not.toContain(dedupeKvKey('audit:1'));
  });

  it('sweeps expired keys nobody reads, and keeps the others', async () => {
    await store.put('sweep:short', 1, 10);
    await store.put('sweep:long', 2, 3600);
    await store.put('sweep:forever', 3);
    clock += 11_000;
    expect(await store.sweep()).toBe(1);
    const keys = await rawKeys();
    expect(keys).not.toContain(dedupeKvKey('sweep:short'));
    expect(keys).toEqual(expect.arrayContaining([dedupeKvKey('sweep:long'), dedupeKvKey('sweep:forever')]));
  });

  it('a key written again after it expired holds the new value', async () => {
    await store.put('again', 'old', 1);
    clock += 2_000;
    await store.put('again', 'new', 60);
    await store.sweep();
    expect(await store.get('again')).toBe('new');
  });
});

describe('ArtifactStore', () => {
  let env: IsolatedLayout;
  let artifacts: ArtifactStore;

  beforeAll(async () => {
    env = await isolatedLayout('artifacts');
    artifacts = new ArtifactStore(env.nc, { prefix: env.prefix, maxBytes: 1024 });
  });
  afterAll(() => env.teardown());

  it('stores bytes with their content type under a name, and replaces them on a second put', async () => {
    const name = 'run-1/report/0';
    await artifacts.put(name, { data: Buffer.from('first'), contentType: 'text/plain' });
    await artifacts.put(name, { data: Buffer.from('{"a":1}'), contentType: 'application/json' });
    const stored = await artifacts.get(name);
    expect(Buffer.from(stored?.data ?? []).toString()).toBe('{"a":1}');
    expect(stored?.contentType).toBe('application/json');
    expect(artifacts.maxBytes).toBe(1024);
  });

  it('answers undefined for a name never stored', async () => {
    expect(await artifacts.get('run-x/none/0')).toBeUndefined();
  });
});
