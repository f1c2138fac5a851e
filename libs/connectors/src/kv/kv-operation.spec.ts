import type { EnsembleDefinition } from '@baton/model';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { natsStores, type NatsStores } from '../__fixtures__/nats-stores';
import { executeTask } from '../execute-task';

describe('kv operation and storage type kv', () => {
  let stores: NatsStores;
  let definition: EnsembleDefinition;
  let deps: TestDeps;

  const run = (agent: string, input: unknown = {}) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );

  beforeAll(async () => {
    stores = await natsStores('kvop');
    definition = loadEnsembleFixture('stores.yaml');
  });
  beforeEach(() => {
    deps = testDeps({}, { kv: stores.kv });
  });
  afterEach(() => deps.release());
  afterAll(() => stores.teardown());

  it('sets, gets and deletes a value; a missing key reads as null', async () => {
    expect(await run('kv-set', { key: 'audit:1', value: { by: 'ada', amount: 40 } })).toEqual({
      ok: true,
      output: { ok: true },
    });
    expect(await run('kv-get', { key: 'audit:1' })).toEqual({ ok: true, output: { by: 'ada', amount: 40 } });
    expect(await run('kv-delete', { key: 'audit:1' })).toEqual({ ok: true, output: { ok: true } });
    expect(await run('kv-get', { key: 'audit:1' })).toEqual({ ok: true, output: null });
  });

  it('honours a per-key TTL: the value reads as null once it has passed', async () => {
    await run('kv-set', { key: 'audit:ttl', value: 'approved', ttl: 604800 });
    stores.advance(604_799_000);
    expect(await run('kv-get', { key: 'audit:ttl' })).toEqual({ ok: true, output: 'approved' });
    stores.advance(1_000);
    expect(await run('kv-get', { key: 'audit:ttl' })).toEqual({ ok: true, output: null });
  });

  it('is the same store under storage type kv, answering { value } and { ok }', async () => {
    expect(await run('storage-put', { key: 'shared', value: [1, 2], ttl: 60 })).toEqual({
      ok: true,
      output: { ok: true },
    });
    expect(await run('kv-get', { key: 'shared' })).toEqual({ ok: true, output: [1, 2] });
    expect(await run('storage-get', { key: 'shared' })).toEqual({ ok: true, output: { value: [1, 2] } });
    stores.advance(61_000);
    expect(await run('storage-get', { key: 'shared' })).toEqual({ ok: true, output: { value: null } });
    expect(await run('storage-delete', { key: 'shared' })).toEqual({ ok: true, output: { ok: true } });
  });

  it.each([
    ['kv-bad-operation', {}, 'operation must be get, set (or put) or delete, not "increment"'],
    ['kv-without-value', {}, 'a put needs value (null is a value; use delete to remove a key)'],
    ['kv-get', { key: '' }, 'key must be a non-empty string'],
    ['kv-get', { key: 'k'.repeat(513) }, 'key is 513 characters long; at most 512 are allowed'],
    [
      'kv-set',
      { key: 'k', value: 1, ttl: -5 },
      'ttl must be a positive number of seconds or a duration like 7d, not -5',
    ],
  ])('refuses %s with %j: %s', async (agent, input, message) => {
    expect(await run(agent, input)).toEqual({
      ok: false,
      error: { code: 'invalid-config', message },
      retryable: false,
    });
  });

  it('refuses a value larger than the store takes, without storing it', async () => {
    const outcome = await run('kv-set', { key: 'big', value: 'x'.repeat(stores.kv.maxValueBytes) });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'too-large' }, retryable: false });
    expect(await run('kv-get', { key: 'big' })).toEqual({ ok: true, output: null });
  });

  it('accepts a TTL written as a duration', async () => {
    await run('kv-set', { key: 'dur', value: true, ttl: '7d' });
    stores.advance(7 * 86_400_000 - 1_000);
    expect(await run('kv-get', { key: 'dur' })).toEqual({ ok: true, output: true });
    stores.advance(1_000);
    expect(await run('kv-get', { key: 'dur' })).toEqual({ ok: true, output: null });
  });
});
