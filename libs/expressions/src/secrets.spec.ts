import {
  ExpressionError,
  REDACTED,
  SecretSet,
  compileExpression,
  compileTemplate,
  evaluateValue,
  secretEnv,
} from './index';

const env = secretEnv({ TOKEN: 'tok_live_123456', PASSWORD: 'hunter22', SHORT: 'abc', UNSET: undefined });

function evaluated(source: string, secrets: SecretSet): unknown {
  return compileExpression(source).evaluate({ env, input: { name: 'TOKEN' } }, { secrets });
}

describe('secrets read from env', () => {
  it("a value computed from env ('Bearer ' + env.TOKEN) is redacted as a whole by SecretSet.redact", () => {
    const secrets = new SecretSet();
    const header = evaluated("'Bearer ' + env.TOKEN", secrets);
    expect(header).toBe('Bearer tok_live_123456');
    expect(secrets.redact({ headers: { authorization: header } })).toEqual({
      headers: { authorization: REDACTED },
    });
  });

  it('a secret placed in text by a template (not computed by an expression) is masked where it stands', () => {
    const secrets = new SecretSet();
    const header = compileTemplate('Bearer ${env.TOKEN}').evaluate({ env }, { secrets });
    expect(secrets.redact(header)).toBe(`Bearer ${REDACTED}`);
  });

  it('a value read with a computed name is recorded too', () => {
    const secrets = new SecretSet();
    evaluated('env[input.name]', secrets);
    expect(secrets.redact('token=tok_live_123456')).toBe(`token=${REDACTED}`);
  });

  it('a value read in an interpolated template is recorded', () => {
    const secrets = new SecretSet();
    const url = compileTemplate('https://user:${env.PASSWORD}@smtp.example.com').evaluate(
      { env },
      { secrets },
    );
    expect(secrets.redact(url)).toBe(`https://user:${REDACTED}@smtp.example.com`);
  });

  it('every template of a deep value records into the same set', () => {
    const secrets = new SecretSet();
    const config = evaluateValue(
      { auth: { token: '${env.TOKEN}' }, login: ['${env.PASSWORD}'] },
      { env },
      { secrets },
    );
    expect(secrets.size).toBe(2);
    expect(secrets.redact(config)).toEqual({ auth: { token: REDACTED }, login: [REDACTED] });
  });

  it('only the values actually read are recorded', () => {
    const secrets = new SecretSet();
    evaluated("env.TOKEN.startsWith('tok_')", secrets);
    expect(secrets.size).toBe(1);
    expect(secrets.redact('hunter22 stays')).toBe('hunter22 stays');
  });

  it('values shorter than four characters are not recorded, so that short text is not masked everywhere', () => {
    const secrets = new SecretSet();
    evaluated('env.SHORT', secrets);
    expect(secrets.size).toBe(0);
  });

  it('a transformed secret is redacted as a whole (taint.spec.ts has the cases)', () => {
    const secrets = new SecretSet();
    const shouted = evaluated("'Bearer ' + env.TOKEN.toUpperCase()", secrets);
    expect(secrets.redact({ shouted })).toEqual({ shouted: REDACTED });
  });

  it('env cannot be used as a whole, so no value escapes unrecorded', () => {
    for (const source of [
      'env',
      'Object.values(env)',
      'JSON.stringify(env)',
      '({ ...env })',
      'env.TOKEN + env',
    ]) {
      expect(() => compileExpression(source)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
  });

  it('evaluation without a recorder still reads env', () => {
    expect(compileExpression('env.TOKEN').evaluate({ env })).toBe('tok_live_123456');
  });
});

describe('secretEnv', () => {
  it('is a frozen snapshot without prototype holding only the variables that are set', () => {
    const source = { A: 'value-a', B: undefined };
    const snapshot = secretEnv(source);
    source.A = 'changed';
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.getPrototypeOf(snapshot)).toBeNull();
    expect({ ...snapshot }).toEqual({ A: 'value-a' });
  });

  it('exposes no inherited member to expressions', () => {
    expect(compileExpression('[env.toString, env.hasOwnProperty, env.UNSET]').evaluate({ env })).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('SecretSet.redact', () => {
  const secrets = new SecretSet();
  secrets.record('sk_live_abcdef');
  secrets.record('sk_live_abcdef_extended');
  secrets.record('a.b*c');

  it('replaces every occurrence, inside longer strings too', () => {
    expect(secrets.redact('x sk_live_abcdef y sk_live_abcdef')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('masks a secret that contains another as a whole', () => {
    expect(secrets.redact('sk_live_abcdef_extended')).toBe(REDACTED);
  });

  it('treats secrets as text, not as patterns', () => {
    expect(secrets.redact('a.b*c and aXbbc')).toBe(`${REDACTED} and aXbbc`);
  });

  it('copies deeply, leaves keys and non-strings alone and does not touch its argument', () => {
    const value = {
      sk_live_abcdef: ['sk_live_abcdef', 1, null, true],
      nested: { deeper: { text: 'id sk_live_abcdef' } },
    };
    const copy = secrets.redact(value);
    expect(copy).toEqual({
      sk_live_abcdef: [REDACTED, 1, null, true],
      nested: { deeper: { text: `id ${REDACTED}` } },
    });
    expect(value.nested.deeper.text).toBe('id sk_live_abcdef');
  });

  it('keeps the message of an error, redacted, and its type', () => {
    const error = new ExpressionError('type', 'bad token sk_live_abcdef');
    const copy = secrets.redact(error);
    expect(copy).toBeInstanceOf(ExpressionError);
    expect(copy.message).toBe(`bad token ${REDACTED}`);
    expect(copy.code).toBe('type');
  });

  it('handles data nested deeper than the call stack could', () => {
    let deep: unknown = 'sk_live_abcdef';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let copy = secrets.redact(deep);
    for (let i = 0; i < 100_000; i++) copy = (copy as unknown[])[0];
    expect(copy).toBe(REDACTED);
  });

  it('counts the secrets it holds', () => {
    expect(secrets.size).toBe(3);
  });
});
