/**
 * The worker's environment as scripts see it (`context.env`): every value a script reads is
 * recorded as a secret, so it is redacted from the outcome like a value read by an expression.
 */
import type { EnvironmentSnapshot } from '@baton/engine';
import type { SecretRecorder } from '@baton/expressions';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A view of the process's frozen snapshot, not a copy: one small proxy per task, whatever the env's size. */
export function recordingEnv(env: EnvironmentSnapshot, secrets: SecretRecorder): Environment {
  return new Proxy(env, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof name === 'string' && typeof value === 'string' && value !== '') secrets.record(value);
      return value;
    },
  });
}
