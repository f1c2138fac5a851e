import type { EnsembleDefinition } from '@baton/model';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { natsStores, type NatsStores } from '../__fixtures__/nats-stores';
import { executeTask } from '../execute-task';

const LIMIT = 64 * 1024;

describe('blob operation and storage type object', () => {
  let stores: NatsStores;
  let definition: EnsembleDefinition;
  let deps: TestDeps;

  const run = (agent: string, input: unknown = {}, iteration = 0) =>
    executeTask(
      taskFor(definition, agent, { iteration, scope: { ...taskFor(definition, agent).scope, input } }),
      definition,
      deps,
    );

  beforeAll(async () => {
    stores = await natsStores('blobop', { blobMaxBytes: LIMIT });
    definition = loadEnsembleFixture('stores.yaml');
  });
  beforeEach(() => {
    deps = testDeps({}, { blobs: stores.blobs });
  });
  afterEach(() => deps.release());
  afterAll(() => stores.teardown());

  it('puts a JSON value as an artifact with a res:// ref and gets it back', async () => {
    const summary = { risk: 'low', reasons: ['known vendor'] };
    const put = await run('blob-put', { value: summary });
    expect(put).toEqual({
      ok: true,
      output: { ref: 'res://run-1/blob-put/0', size: Buffer.byteLength(JSON.stringify(summary)) },
    });
    expect(await run('blob-get', { ref: 'res://run-1/blob-put/0' })).toEqual({ ok: true, output: summary });
  });

  it('keeps text as text and bytes given in base64 as bytes', async () => {
    await run('blob-put', { value: 'plain text report' }, 1);
    expect(await run('blob-get', { ref: 'res://run-1/blob-put/1' })).toEqual({
      ok: true,
      output: 'plain text report',
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64');
    expect(await run('blob-put-base64', { value: png })).toMatchObject({ ok: true, output: { size: 7 } });
    expect(await run('blob-get', { ref: 'res://run-1/blob-put-base64/0' })).toEqual({
      ok: true,
      output: png,
    });
  });

  it('writes the same object when an attempt is retried', async () => {
    await run('blob-put', { value: 'first attempt' }, 2);
    const again = await run('blob-put', { value: 'second attempt' }, 2);
    expect(again).toMatchObject({ ok: true, output: { ref: 'res://run-1/blob-put/2' } });
    expect(await run('blob-get', { ref: 'res://run-1/blob-put/2' })).toEqual({
      ok: true,
      output: 'second attempt',
    });
  });

  it('refuses a value over the size limit, not retryable', async () => {
    const outcome = await run('blob-put', { value: 'x'.repeat(LIMIT + 1) }, 3);
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'too-large', message: `the value is ${LIMIT + 1} bytes; blobs may be at most ${LIMIT}` },
      retryable: false,
    });
    expect(await run('blob-get', { ref: 'res://run-1/blob-put/3' })).toMatchObject({
      error: { code: 'not-found' },
    });
  });

  it('fails a get of an unknown ref as not found, and a ref that is not res:// as invalid', async () => {
    expect(await run('blob-get', { ref: 'res://run-9/none/0' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'there is no blob res://run-9/none/0' },
      retryable: false,
    });
    expect(await run('blob-get', { ref: 'https://example.com/x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-config' },
    });
  });

  it('is the same store under storage type object', async () => {
    const put = await run('object-put', { value: { kept: true } });
    expect(put).toMatchObject({ ok: true, output: { ref: 'res://run-1/object-put/0' } });
    expect(await run('blob-get', { ref: 'res://run-1/object-put/0' })).toEqual({
      ok: true,
      output: { kept: true },
    });
    expect(await run('object-get', { ref: 'res://run-1/object-put/0' })).toEqual({
      ok: true,
      output: { kept: true },
    });
  });
});
