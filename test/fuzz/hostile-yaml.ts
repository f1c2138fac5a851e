/**
 * Hostile ensemble definitions for `POST /api/ensembles`, as fast-check arbitraries: alias bombs
 * and cycles, deep nesting, over-long names, hostile regex patterns, hostile expressions, tags,
 * directives, invalid bytes and random text, around a small valid ensemble. Valid ones reuse a
 * few names, so the fuzz registers a bounded number of ensembles.
 */
import fc from 'fast-check';

export interface FuzzYaml {
  readonly kind: string;
  readonly body: Buffer;
}

const NAMES = 20;

const validEnsemble = (name: string, extra = '', pattern = '^[a-z]+$') => `ensemble: ${name}
input:
  schema:
    type: object
    properties:
      code: { type: string, pattern: '${pattern.replace(/'/g, "''")}' }
agents:
  - name: first
    operation: transform
    config: { value: \${input.code} }
${extra}`;

const name = fc.integer({ min: 0, max: NAMES - 1 }).map((n) => `fuzz-yaml-${n}`);

const aliasBomb = fc
  .record({ levels: fc.integer({ min: 3, max: 9 }), fanOut: fc.integer({ min: 4, max: 12 }), at: name })
  .map(({ levels, fanOut, at }) => {
    const lines = [`l0: &l0 [${Array(fanOut).fill('lol').join(', ')}]`];
    for (let level = 1; level < levels; level++) {
      lines.push(
        `l${level}: &l${level} [${Array(fanOut)
          .fill(`*l${level - 1}`)
          .join(', ')}]`,
      );
    }
    return `${validEnsemble(at)}x-bomb:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
  });

const aliasCycle = fc.constantFrom(
  'ensemble: cyc\nagents: &a\n  - name: a\n    operation: transform\n    config: *a\n',
  'ensemble: cyc\nx: &x { self: *x }\nagents: []\n',
  'ensemble: cyc\nx: &x [[[*x]]]\nagents: []\n',
  'ensemble: cyc\na: &a { b: &b { a: *a } }\nagents: []\n',
  '&root\nensemble: cyc\nagents: *root\n',
  'ensemble: cyc\nagents: *nope\n',
  '*!',
  'ensemble: cyc\nagents: [*later]\nx: &later 1\n',
);

const deepNesting = fc
  .record({ depth: fc.integer({ min: 60, max: 5_000 }), flow: fc.boolean(), at: name })
  .map(({ depth, flow, at }) => {
    const value = flow
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `\n${Array.from({ length: Math.min(depth, 400) }, (_, i) => `${' '.repeat(6 + 2 * i)}k:`).join('\n')} 1`;
    return `${validEnsemble(at)}  - name: deep\n    operation: transform\n    config:\n      value: ${value}\n`;
  });

const longNames = fc
  .record({
    length: fc.integer({ min: 95, max: 10_000 }),
    where: fc.constantFrom('ensemble', 'agent', 'path', 'queue', 'event'),
  })
  .map(({ length, where }) => {
    const long = `n${'a'.repeat(length)}`;
    switch (where) {
      case 'ensemble':
        return validEnsemble(long);
      case 'agent':
        return `ensemble: fuzz-long\nagents:\n  - name: ${long}\n    operation: transform\n    config: { value: 1 }\n`;
      case 'path':
        return `ensemble: fuzz-long\ntrigger:\n  - type: webhook\n    path: /${long}\n    auth: { scheme: none }\nagents: []\n`;
      default:
        return `ensemble: fuzz-long\ntrigger:\n  - type: ${where}\n    ${where}: ${long}\nagents: []\n`;
    }
  });

const hostilePattern = fc
  .record({
    pattern: fc.oneof(
      fc.constantFrom(
        '^(a+)+$',
        '^(a|aa)+$',
        '(.*a){25}',
        '^(([a-z])+.)+[A-Z]([a-z])+$',
        '(?=a)a',
        '(?<!x)y',
        '(a)\\1',
        '[',
        '(',
        '\\',
        '\\p{Nope}',
        'a{99999}',
        '(?i)ABC',
        '((((((((((a))))))))))',
        `${'(a|b)'.repeat(2000)}`,
        'x'.repeat(20_000),
      ),
      fc.string({ maxLength: 30 }),
    ),
    at: name,
  })
  .map(({ pattern, at }) => validEnsemble(at, '', pattern));

const hostileExpression = fc
  .record({
    expression: fc.oneof(
      fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'('.repeat(depth)}1${')'.repeat(depth)}`),
      fc.constantFrom(
        "constructor.constructor('return process')()",
        '__proto__',
        "'a'.repeat(1e9)",
        'input.x.y.z.w',
        '${${${',
        '`${`${`${1}`}`}`',
        'env',
        'Object.values(env)',
      ),
      fc.string({ maxLength: 50 }).map((text) => text.replace(/[{}]/g, '')),
    ),
    at: name,
  })
  .map(
    ({ expression, at }) =>
      `${validEnsemble(at)}  - name: expr\n    operation: transform\n    config: { value: \${${expression}} }\n`,
  );

const oddYaml = fc.constantFrom(
  '%YAML 1.1\n---\nensemble: yes\nagents: []\n',
  'ensemble: a\n---\nensemble: b\nagents: []\n',
  'ensemble: !!js/function "function(){ return process }"\nagents: []\n',
  'ensemble: !!binary aGVsbG8=\nagents: []\n',
  'ensemble: !<tag:example.com,2000:app/foo> x\nagents: []\n',
  '? [a, b]\n: complex key\nensemble: k\nagents: []\n',
  'ensemble: dup\nensemble: dup\nagents: []\n',
  '<<: { ensemble: merged }\nagents: []\n',
  '\ufeffensemble: bom\nagents: []\n',
  'ensemble:\ttabs\nagents:\n\t- name: a\n',
  'ensemble: "unterminated\nagents: []\n',
  `ensemble: many\n${Array.from({ length: 5_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\nagents: []\n`,
  `ensemble: long-line\nx: ${'y'.repeat(500_000)}\nagents: []\n`,
  '',
  '---\n...\n',
  'null',
  '[]',
  '"just a string"',
  'ensemble: &a a\nagents: [*a, *a, *a]\n',
);

const text = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.json().map((json) => `ensemble: from-json\nagents: ${json}\n`),
);

const validOne = name.map((at) => validEnsemble(at));

const asText = (kind: string) => (yaml: string) => ({ kind, body: Buffer.from(yaml) });

const invalidBytes = fc
  .tuple(name, fc.constantFrom([0xff, 0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x00], [0xe2, 0x28, 0xa1]))
  .map(([at, bytes]) => ({
    kind: 'invalid-utf8',
    body: Buffer.concat([
      Buffer.from(`ensemble: ${at}\ndescription: `),
      Buffer.from(bytes),
      Buffer.from('\nagents: []\n'),
    ]),
  }));

export const hostileYaml: fc.Arbitrary<FuzzYaml> = fc.oneof(
  { arbitrary: validOne.map(asText('valid')), weight: 1 },
  { arbitrary: aliasBomb.map(asText('alias-bomb')), weight: 2 },
  { arbitrary: aliasCycle.map(asText('alias-cycle')), weight: 1 },
  { arbitrary: deepNesting.map(asText('deep-nesting')), weight: 2 },
  { arbitrary: longNames.map(asText('long-name')), weight: 2 },
  { arbitrary: hostilePattern.map(asText('hostile-pattern')), weight: 2 },
  { arbitrary: hostileExpression.map(asText('hostile-expression')), weight: 2 },
  { arbitrary: oddYaml.map(asText('odd-yaml')), weight: 1 },
  { arbitrary: text.map(asText('random-text')), weight: 2 },
  { arbitrary: invalidBytes, weight: 1 },
);
