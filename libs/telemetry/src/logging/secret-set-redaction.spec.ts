/**
 * The logger with the SecretSet of @baton/expressions (what services pass as `secrets`): values an
 * expression computed from a secret, and the encodings of a secret, never reach a log line.
 */
import { compileExpression, REDACTED, SecretSet, secretEnv } from '@baton/expressions';
import { CapturedLines } from '../testing/captured-lines';
import { createLogger } from './create-logger';

const CANARY = 'canary-5f3a9c1e7b2d';

function logged(log: (logger: ReturnType<typeof createLogger>) => void, secrets: SecretSet): string {
  const output = new CapturedLines();
  log(createLogger({ service: 'worker', destination: output, secrets }));
  return output.text;
}

describe('log lines with a SecretSet', () => {
  const secrets = new SecretSet();
  const env = secretEnv({ CANARY, PIN: '48151623' });
  const evaluate = (source: string): unknown => compileExpression(source).evaluate({ env }, { secrets });
  const shouted = evaluate('env.CANARY.toUpperCase().slice(2)') as string;
  const pin = evaluate('Number(env.PIN)') as number;

  it('masks values computed from a secret, in messages, fields and errors', () => {
    const text = logged((logger) => {
      logger.info({ detail: `got ${shouted}` }, `calling with ${shouted}`);
      logger.error(new Error(`refused ${shouted}`));
    }, secrets);
    expect(text).not.toContain(shouted);
    expect(text).toContain(REDACTED);
  });

  it('masks a number parsed from a secret and keeps the line valid JSON', () => {
    const output = new CapturedLines();
    createLogger({ service: 'worker', destination: output, secrets }).info({ pin, count: 3 }, 'pin');
    expect(output.records[0]).toMatchObject({ pin: REDACTED, count: 3 });
  });

  it.each([
    ['base64', Buffer.from(CANARY).toString('base64')],
    ['hex', Buffer.from(CANARY).toString('hex')],
    ['reversed', [...CANARY].reverse().join('')],
    ['URL-encoded', encodeURIComponent(`${CANARY} x`)],
    ['a JSON-escaped secret with quotes', JSON.stringify({ token: CANARY })],
  ])('masks a secret %s in a log line', (_name, encoded) => {
    const text = logged((logger) => logger.info(`payload ${encoded}`), secrets);
    expect(text).not.toContain(encoded);
    expect(text).not.toContain(CANARY);
  });
});
