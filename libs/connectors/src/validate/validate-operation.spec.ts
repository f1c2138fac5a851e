import type { EnsembleDefinition } from '@baton/model';
import { loadEnsembleFixture, taskFor } from '../__fixtures__/ensemble-fixture';
import { testDeps, type TestDeps } from '../__fixtures__/connector-deps-fixture';
import { executeTask } from '../execute-task';

describe('validate operation', () => {
  let definition: EnsembleDefinition;
  let deps: TestDeps;
  const run = (agent: string, data: unknown) =>
    executeTask(
      taskFor(definition, agent, { scope: { ...taskFor(definition, agent).scope, input: { data } } }),
      definition,
      deps,
    );

  beforeAll(() => {
    definition = loadEnsembleFixture('validate.yaml');
    deps = testDeps({});
  });
  afterAll(() => deps.release());

  it('validates against a schema object written in the agent', async () => {
    expect(await run('inline-schema', { id: 1 })).toEqual({ ok: true, output: { valid: true, errors: [] } });
    expect(await run('inline-schema', {})).toEqual({
      ok: true,
      output: { valid: false, errors: ["(root) must have required property 'id'"] },
    });
  });

  it('succeeds with valid false and readable errors naming each instance path, formats included', async () => {
    const outcome = await run('path-schema', { id: 'x', email: 'not-an-email', status: 'lost', extra: true });
    expect(outcome).toEqual({
      ok: true,
      output: {
        valid: false,
        errors: expect.arrayContaining([
          "(root) must NOT have additional properties: 'extra'",
          '/id must be integer',
          '/email must match format "email"',
          '/status must be equal to one of the allowed values: "new", "paid"',
        ]),
      },
    });
  });

  it('finds a schema by name in schemas/', async () => {
    expect(await run('named-schema', { id: 3, email: 'a@example.com' })).toEqual({
      ok: true,
      output: { valid: true, errors: [] },
    });
  });

  it('finds a versioned schema name as schemas/name@version.json', async () => {
    expect(await run('versioned-schema', { name: 'A' })).toEqual({
      ok: true,
      output: { valid: false, errors: ['/name must NOT have fewer than 2 characters'] },
    });
  });

  it('validates against a component reference resolved by evaluation', async () => {
    expect(await run('component-schema', { city: 'Oslo' })).toEqual({
      ok: true,
      output: { valid: true, errors: [] },
    });
    expect(await run('component-schema', {})).toMatchObject({ ok: true, output: { valid: false } });
  });

  it('fails when the schema is not part of the revision', async () => {
    expect(await run('unknown-schema', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-schema' },
      retryable: false,
    });
  });

  it('fails when the schema does not compile', async () => {
    expect(await run('broken-schema', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-schema' },
      retryable: false,
    });
  });
});
