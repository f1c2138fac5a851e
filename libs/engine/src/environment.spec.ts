import { REDACTED } from '@baton/expressions';
import type { EnvironmentSnapshot } from './environment';
import { snapshotEnvironment } from './environment';
import { agent, ensemble, inSequence } from './testing/definition-builder';
import { startRun, taskSucceeded } from './testing/commands';
import { given } from './testing/given';

/** The snapshot behind a proxy that counts how often something enumerated (copied) it. */
function watched(snapshot: EnvironmentSnapshot): { env: EnvironmentSnapshot; copies: () => number } {
  let copies = 0;
  const env = new Proxy(snapshot, {
    ownKeys(target) {
      copies += 1;
      return Reflect.ownKeys(target);
    },
  });
  return { env, copies: () => copies };
}

describe('the environment snapshot', () => {
  it('is a frozen copy, without prototype, of the variables that are set, taken once', () => {
    const source: Record<string, string | undefined> = { TOKEN: 'abcd-1234', UNSET: undefined };
    const env = snapshotEnvironment(source);
    source.TOKEN = 'changed';
    source.LATER = 'added';
    expect(env).toEqual({ TOKEN: 'abcd-1234' });
    expect(Object.isFrozen(env)).toBe(true);
    expect(Object.getPrototypeOf(env)).toBeNull();
  });

  it('decide reads the variables its expressions name and never copies the environment', () => {
    const { env, copies } = watched(snapshotEnvironment({ REGION: 'eu-1', OTHER: 'unused-value' }));
    const def = ensemble(
      inSequence(
        agent('pick', 'transform', { config: { value: '${env.REGION}' } }),
        agent('call', 'http', { condition: "${env.REGION == 'eu-1'}" }),
      ),
      { output: { region: '${pick.output}' } },
    );
    const { decision } = given(def, [startRun()], { env }).when(taskSucceeded('call', 1), { env });
    // The condition held (the task ran), and what was read from env is redacted from the log.
    expect(decision.events.at(-1)).toMatchObject({
      type: 'RunCompleted',
      data: { output: { region: REDACTED } },
    });
    expect(copies()).toBe(0);
  });
});
