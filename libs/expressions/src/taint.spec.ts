/**
 * Taint that follows the value (issue 17): whatever an expression computes from a secret is
 * redacted as a whole; the encodings of a secret are masked wherever they appear.
 */
import { REDACTED, SecretSet, compileExpression, evaluateValue, secretEnv } from './index';

const CANARY = 'canary-5f3a9c1e7b2d';
const env = secretEnv({ CANARY, PIN: '48151623', SPLITTY: 'ab-cd-efgh', QUOTED: 'pa"ss\\word-123' });
const scope = { env, input: { name: 'ada', items: ['x', 'y'] } };

/** Evaluates `source` and returns what would be written: the value, redacted. */
function written(source: string): { value: unknown; redacted: unknown; secrets: SecretSet } {
  const secrets = new SecretSet();
  const value = compileExpression(source).evaluate(scope, { secrets, now: 0 });
  return { value, redacted: secrets.redact(value), secrets };
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

describe('a value computed from a secret is redacted as a whole', () => {
  it.each([
    ['upper-cased', 'env.CANARY.toUpperCase()'],
    ['lower-cased after upper-casing', 'env.CANARY.toUpperCase().toLowerCase()'],
    ['sliced', 'env.CANARY.slice(1)'],
    ['first half', 'env.CANARY.slice(0, env.CANARY.length / 2)'],
    ['second half', 'env.CANARY.slice(env.CANARY.length / 2)'],
    ['two slices concatenated', 'env.CANARY.slice(0, 6) + env.CANARY.slice(7)'],
    ['two slices around other text', "env.CANARY.slice(0, 3) + '/' + env.CANARY.slice(12)"],
    ['concatenated with text', "'Bearer ' + env.CANARY"],
    ['in a template literal', '`token=${env.CANARY.slice(2)}&x=1`'],
    ['reversed through split and join', "env.CANARY.split('').toReversed().join('')"],
    ['reduced character by character', "env.CANARY.split('').reduce((text, c) => c + text, '')"],
    ['mapped character by character', "env.CANARY.split('').map(c => c.toUpperCase()).join('')"],
    ['stringified inside an object', "JSON.stringify({ user: 'u', token: env.CANARY })"],
    ['joined from an array', "[input.name, env.CANARY].join(':')"],
    ['padded', "env.CANARY.padStart(30, '*')"],
    ['replaced in', "env.CANARY.replaceAll('-', '_')"],
    ['encoded for a URL', "encodeURIComponent(env.CANARY + '/x')"],
    ['through String()', 'String(env.CANARY.slice(3))'],
    ['spread into characters and joined', "[...env.CANARY].join('.')"],
  ])('%s: %s', (_rule, source) => {
    const { value, redacted } = written(source);
    expect(typeof value).toBe('string');
    expect(redacted).toBe(REDACTED);
  });

  it('split: every piece is redacted, short pieces too', () => {
    expect(written("env.CANARY.split('-')").redacted).toEqual([REDACTED, REDACTED]);
    expect(written("env.SPLITTY.split('-')").redacted).toEqual([REDACTED, REDACTED, REDACTED]);
  });

  it('a number parsed from a secret is redacted', () => {
    const { value, redacted } = written(
      '({ pin: Number(env.PIN), doubled: env.PIN * 2, length: env.CANARY.length })',
    );
    expect(value).toEqual({ pin: 48151623, doubled: 96303246, length: 19 });
    expect(redacted).toEqual({ pin: REDACTED, doubled: REDACTED, length: 19 });
  });

  it('the value is masked wherever it is written later, inside other text too', () => {
    const { secrets } = written('env.CANARY.toUpperCase().slice(2, 12)');
    expect(secrets.redact({ log: `got NARY-5F3A9 from the server` })).toEqual({
      log: `got ${REDACTED} from the server`,
    });
  });

  it('an object keeps its other members; only what came from the secret is redacted', () => {
    const { redacted } = written('({ token: env.CANARY.slice(1), name: input.name, items: input.items })');
    expect(redacted).toEqual({ token: REDACTED, name: 'ada', items: ['x', 'y'] });
  });

  it('values computed in the same evaluation without the secret are kept', () => {
    const { redacted } = written(
      '[env.CANARY.toUpperCase(), input.name.toUpperCase(), input.items.map(i => i + 1)]',
    );
    expect(redacted).toEqual([REDACTED, 'ADA', ['x1', 'y1']]);
  });

  it('a callback that uses the secret taints what it returns', () => {
    const { redacted } = written("input.items.map(i => i + ':' + env.CANARY.slice(7))");
    expect(redacted).toEqual([REDACTED, REDACTED]);
  });

  it('a date made from a secret is tainted, and so is its text', () => {
    const secrets = new SecretSet();
    const value = compileExpression('new Date(Number(env.PIN) * 1000).toISOString()').evaluate(scope, {
      secrets,
      now: 0,
    });
    expect(secrets.redact(value)).toBe(REDACTED);
  });

  it('a deep value: each template is redacted as a whole when its expression computes from a secret', () => {
    const secrets = new SecretSet();
    const config = evaluateValue(
      {
        headers: { Authorization: "${'Basic ' + env.CANARY}", 'X-Plain': 'Bearer ${env.CANARY}' },
        n: '${1 + 1}',
      },
      scope,
      { secrets },
    );
    expect(secrets.redact(config)).toEqual({
      headers: { Authorization: REDACTED, 'X-Plain': `Bearer ${REDACTED}` },
      n: 2,
    });
  });

  it('booleans computed from a secret are control flow, not data: kept', () => {
    const { redacted } = written("env.CANARY.startsWith('canary') ? 'yes' : 'no'");
    expect(redacted).toBe('yes');
  });

  it('an evaluation that reads no secret records nothing', () => {
    const { secrets } = written("input.name.toUpperCase() + input.items.join('')");
    expect(secrets.size).toBe(0);
  });
});

describe('the encodings of a recorded secret are masked wherever they appear', () => {
  const secrets = new SecretSet();
  secrets.record(CANARY);

  it.each([
    ['upper case', CANARY.toUpperCase()],
    ['mixed case', 'CaNaRy-5F3A9C1E7B2D'],
    ['reversed', [...CANARY].reverse().join('')],
    ['hex', Buffer.from(CANARY).toString('hex')],
    ['upper-case hex', Buffer.from(CANARY).toString('hex').toUpperCase()],
    ['base64', base64(CANARY)],
    ['base64url', Buffer.from(CANARY).toString('base64url')],
    ['URL-encoded', encodeURIComponent(`${CANARY}?&`)],
  ])('%s', (_rule, encoded) => {
    const redacted = secrets.redact(`before ${encoded} after`);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toContain(encoded);
  });

  it.each([
    ["'Basic ' + base64('u:' + secret)", `Basic ${base64(`u:${CANARY}`)}`],
    ["base64('ab' + secret)", base64(`ab${CANARY}`)],
    ["base64(secret + '!')", base64(`${CANARY}!`)],
  ])('base64 of a text holding the secret at any alignment: %s', (_rule, encoded) => {
    const redacted = secrets.redact(encoded);
    expect(redacted).toContain(REDACTED);
    // What is left around the mask is at most the bytes before and after the secret.
    expect(redacted.replace(REDACTED, '').length).toBeLessThanOrEqual(12);
  });

  it('a secret with quotes and backslashes is masked inside a JSON log line', () => {
    const quoted = new SecretSet();
    quoted.record('pa"ss\\word-123');
    const line = JSON.stringify({ msg: 'login', detail: 'password pa"ss\\word-123 refused' });
    expect(quoted.redact(line)).toBe(
      JSON.stringify({ msg: 'login', detail: `password ${REDACTED} refused` }),
    );
  });

  it('short secrets (4 to 7 characters) are masked exactly, without encodings or case', () => {
    const short = new SecretSet();
    short.record('Abc12');
    expect(short.redact('Abc12 abc12 ABC12')).toBe(`${REDACTED} abc12 ABC12`);
  });
});
