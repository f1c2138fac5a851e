/**
 * Issue 17, end to end through the worker's executeTask: values an agent's expressions compute from
 * a secret are sent where the definition sends them, and written nowhere: the outcome (output,
 * response, error) holds no trace of them. What a code step computes is masked by the encodings
 * net (case, reversed, base64, base64url, hex, URL-encoding); a code step's slices are beyond it
 * (see libs/expressions/README.md, "Secrets").
 */
import { REDACTED } from '@baton/expressions';
import type { EnsembleDefinition } from '@baton/model';
import { testDeps, type TestDeps } from './__fixtures__/connector-deps-fixture';
import { loadEnsembleFixture, taskFor } from './__fixtures__/ensemble-fixture';
import { startTestServer, type TestServer } from './__fixtures__/http-test-server';
import { executeTask } from './execute-task';

const CANARY = 'canary-5f3a9c1e7b2d';
const TRACES = [
  CANARY,
  CANARY.toUpperCase(),
  CANARY.slice(1),
  CANARY.slice(0, 9),
  CANARY.slice(9),
  '5f3a9c1e7b2d',
  [...CANARY].reverse().join(''),
  Buffer.from(CANARY).toString('base64'),
  Buffer.from(CANARY).toString('hex'),
];

function expectNoTrace(written: unknown): void {
  const text = JSON.stringify(written);
  for (const trace of TRACES) expect(text).not.toContain(trace);
}

describe('secrets transformed by expressions and code, through executeTask', () => {
  let server: TestServer;
  let deps: TestDeps;
  let definition: EnsembleDefinition;
  const run = (agent: string) => executeTask(taskFor(definition, agent), definition, deps);

  beforeAll(async () => {
    server = await startTestServer();
    definition = loadEnsembleFixture('secret-taint.yaml');
    deps = testDeps({ CANARY, ECHO_BASE: server.baseUrl });
  });
  afterAll(async () => {
    await deps.release();
    await server.close();
  });

  it('sends the transformed values, and the outcome shows each as [redacted]', async () => {
    const outcome = await run('echo-transformed');
    const [received] = server.requests.slice(-1);
    expect(received.headers['x-upper']).toBe(CANARY.toUpperCase());
    expect(received.body).toMatchObject({ split: ['canary', '5f3a9c1e7b2d'], plain: 'hello' });
    expect(outcome).toMatchObject({
      ok: true,
      output: {
        headers: { 'x-upper': REDACTED, 'x-slice': REDACTED, authorization: REDACTED },
        query: { 'first-half': REDACTED },
        body: {
          split: [REDACTED, REDACTED],
          secondHalf: REDACTED,
          literal: REDACTED,
          json: REDACTED,
          plain: 'hello',
        },
      },
    });
    expectNoTrace(outcome);
  });

  it("an agent's input computed from a secret in the worker is redacted the same way", async () => {
    const outcome = await run('input-transformed');
    expect(outcome).toEqual({ ok: true, output: { upper: REDACTED, reversed: REDACTED, kept: 'ADA' } });
  });

  it("a code step's encodings of a secret it read are masked", async () => {
    const outcome = await run('code-encodings');
    expect(outcome).toMatchObject({
      ok: true,
      output: {
        upper: REDACTED,
        reversed: REDACTED,
        base64: REDACTED,
        base64url: REDACTED,
        hex: REDACTED,
        url: `${REDACTED}%20%2F`,
      },
    });
    expect((outcome as { output: { basic: string } }).output.basic).toMatch(
      /^Basic \S{0,8}\[redacted\]\S{0,4}$/,
    );
    expectNoTrace(outcome);
  });

  it('the input of a run a step starts holds the secrets it computed as [redacted]', async () => {
    const sent: unknown[] = [];
    const emitting = testDeps(
      { CANARY },
      { startRun: async (request) => (sent.push(request.input), { runIds: ['run-2'] }) },
    );
    try {
      const outcome = await executeTask(taskFor(definition, 'emit-transformed'), definition, emitting);
      expect(outcome).toMatchObject({ ok: true });
    } finally {
      await emitting.release();
    }
    expect(sent).toEqual([{ upper: REDACTED, parts: [REDACTED, REDACTED], kept: 'rotated' }]);
    expectNoTrace(sent);
  });

  it('an error message carrying an encoded secret is masked', async () => {
    const outcome = await run('code-throws');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'script-error' } });
    expect(JSON.stringify(outcome)).toContain(REDACTED);
    expectNoTrace(outcome);
  });
});
