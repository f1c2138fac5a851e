/**
 * The worker's environment as scripts see it (`context.env`): every value a script reads is
 * recorded as a secret, so it is redacted from the outcome like a value read by an expression.
 */
import type { SecretRecorder } from '@baton/expressions';

export type Environment = Readonly<Record<string, string | undefined>>;

export function recordingEnv(env: Environment, secrets: SecretRecorder): Environment {
  return new Proxy(Object.freeze({ ...env }), {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof name === 'string' && typeof value === 'string' && value !== '') secrets.record(value);
      return value;
    },
  });
}
