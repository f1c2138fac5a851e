/**
 * Property tests: whatever the text and whatever the scope, compiling and evaluating either gives a
 * value or throws an ExpressionError, never another error (a RangeError, a TypeError from deep
 * inside the evaluator) and never a hang.
 */
import fc from 'fast-check';
import {
  ExpressionError,
  compileExpression,
  compileTemplate,
  evaluateValue,
  findExpressions,
  REDACTED,
  SecretSet,
  secretEnv,
} from './index';

const TOKENS = [
  // names, including hyphenated ones, globals, forbidden names and keywords
  'input',
  'state',
  'x',
  'names',
  'items',
  'env',
  'env.TOKEN',
  'process-payment',
  'check-inventory',
  'component',
  'component.schema@v1.0.0',
  'Math',
  'Math.max',
  'JSON',
  'JSON.stringify',
  'JSON.parse',
  'Object.keys',
  'Number',
  'String',
  'Boolean',
  'Date',
  'Date.now',
  'Array.isArray',
  'undefined',
  'NaN',
  'Infinity',
  'constructor',
  '__proto__',
  'prototype',
  'eval',
  'process',
  'this',
  'new',
  'new Date',
  'typeof',
  'void',
  'delete',
  'in',
  'instanceof',
  'true',
  'false',
  'null',
  'function',
  'return',
  'a',
  'b',
  // literals
  '0',
  '1',
  '2',
  '1.5',
  '1e309',
  '0x10',
  '-1',
  '1e9',
  "'a'",
  '"b"',
  "'}'",
  '"{"',
  "'${x}'",
  "'\\u0041'",
  "'\\x'",
  // template literal pieces
  '`',
  '${',
  '}',
  '`a${x}b`',
  '`${`${1}`}`',
  // punctuation and operators
  '.',
  '?.',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  ':',
  '?',
  '...',
  '=>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '!',
  '~',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '>>>',
  '&&',
  '||',
  '??',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '>',
  '<=',
  '>=',
  '=',
  '+=',
  '++',
  '--',
  ';',
  '@',
  '#',
  '\\',
  '//',
  // calls and arrows
  '.map(',
  '.filter(',
  '.reduce(',
  '.every(',
  '.repeat(',
  '.padStart(',
  '.join(',
  '.split(',
  '.toSorted(',
  '.sort(',
  '.toFixed(',
  '.flat(',
  '.toUpperCase(',
  '.replaceAll(',
  '.constructor',
  '.length',
  '.toLocaleString(',
  '.toLocaleDateString(',
  '.toLocaleTimeString(',
  '.toDateString(',
  '.with(',
  '.toSpliced(',
  '.toReversed(',
  '.findLast(',
  '.localeCompare(',
  '.normalize(',
  '.codePointAt(',
  '.padEnd(',
  '.toPrecision(',
  '.format(',
  '.push(',
  '.setFullYear(',
  'Intl.NumberFormat',
  'new Intl.DateTimeFormat',
  'Intl',
  'Date.UTC',
  'Number.isInteger',
  'parseFloat',
  "'de-DE'",
  "'tr'",
  "{ style: 'currency', currency: 'EUR' }",
  "{ timeZone: 'Asia/Tokyo', dateStyle: 'full' }",
  '{ minimumFractionDigits: 1e9 }',
  'x =>',
  '(a, b) =>',
  '() =>',
  '.slice(',
] as const;

const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom('', ' ', '\n')), {
    minLength: 1,
    maxLength: 30,
  })
  .map((pieces) => pieces.map(([token, space]) => token + space).join(''));

// Well-formed expressions, so that evaluation (not only parsing) is exercised in depth.
const wellFormed = fc.letrec((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'x',
      'a',
      'names',
      'input',
      'input.items',
      'item',
      'acc',
      'null',
      'undefined',
      '0',
      '-1',
      '2',
      '1e21',
      'NaN',
      "'s'",
      "''",
      'true',
      '[]',
      '({})',
    ),
    fc
      .tuple(
        tie('expression'),
        fc.constantFrom(
          '+',
          '-',
          '*',
          '/',
          '%',
          '**',
          '==',
          '===',
          '!=',
          '<',
          '>=',
          '&&',
          '||',
          '??',
          '&',
          '|',
          '<<',
          '>>>',
          'in',
          'instanceof Array',
        ),
        tie('expression'),
      )
      .map(([left, operator, right]) =>
        operator === 'instanceof Array' ? `(${left} instanceof Array)` : `(${left} ${operator} ${right})`,
      ),
    fc
      .tuple(fc.constantFrom('!', '-', '+', '~', 'typeof ', 'void '), tie('expression'))
      .map(([operator, operand]) => `(${operator}${operand})`),
    fc
      .tuple(tie('expression'), fc.constantFrom('.a', '.length', '?.b', '[0]', '?.[1]', "['x']", '.items'))
      .map(([object, member]) => `(${object})${member}`),
    fc
      .tuple(
        tie('expression'),
        fc.constantFrom(
          'map',
          'filter',
          'some',
          'every',
          'find',
          'reduce',
          'join',
          'slice',
          'includes',
          'concat',
          'flat',
          'sort',
          'toUpperCase',
          'split',
          'repeat',
          'padStart',
          'toFixed',
          'toString',
          'at',
          'indexOf',
          'replaceAll',
          'trim',
          'flatMap',
          'toSorted',
          'toReversed',
          'toSpliced',
          'with',
          'findLast',
          'findLastIndex',
          'padEnd',
          'localeCompare',
          'normalize',
          'codePointAt',
          'toPrecision',
          'toExponential',
          'toLocaleString',
          'toLocaleDateString',
          'toLocaleTimeString',
          'toDateString',
          'toUTCString',
          'getFullYear',
          'getTime',
          'toLocaleUpperCase',
          'substr',
          'format',
        ),
        fc.array(tie('argument'), { maxLength: 2 }),
      )
      .map(([object, method, args]) => `(${object}).${method}(${args.join(', ')})`),
    fc
      .tuple(
        fc.constantFrom(
          'Math.max',
          'JSON.stringify',
          'JSON.parse',
          'Object.keys',
          'Object.entries',
          'String',
          'Number',
          'new Date',
          'Array.isArray',
          'encodeURIComponent',
          'Date.UTC',
          'Date.parse',
          'Number.isInteger',
          'Number.parseFloat',
          'parseFloat',
          'Intl.NumberFormat',
          'new Intl.DateTimeFormat',
          "(n => new Intl.NumberFormat('en-US', { style: 'percent' }).format(n))",
          "(n => new Date(n).toLocaleDateString('en-GB', { month: 'long' }))",
        ),
        tie('expression'),
      )
      .map(([callee, arg]) => `${callee}(${arg})`),
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'))
      .map(([test, yes, no]) => `(${test} ? ${yes} : ${no})`),
    fc.array(tie('expression'), { maxLength: 3 }).map((elements) => `[${elements.join(', ')}]`),
    fc
      .tuple(tie('expression'), tie('expression'))
      .map(([value, spread]) => `({ k: ${value}, ...${spread} })`),
    fc.tuple(tie('expression'), tie('expression')).map(([first, second]) => `\`\${${first}}-\${${second}}\``),
  ),
  argument: fc.oneof(
    tie('expression'),
    fc
      .tuple(fc.constantFrom('item', '(item, i)', '(acc, item)'), tie('expression'))
      .map(([params, body]) => `(${params} => ${body})`),
  ),
})).expression;

const scope = fc.dictionary(
  fc.constantFrom(
    'input',
    'state',
    'x',
    'names',
    'items',
    'a',
    'b',
    'process-payment',
    'check-inventory',
    'component',
  ),
  fc.jsonValue({ maxDepth: 4 }),
);

const options = { now: 0, limits: { maxSteps: 20_000, maxStringLength: 100_000, maxArrayLength: 10_000 } };

// Runs `attempt`; an ExpressionError is an accepted outcome, with an offset inside `text` (when
// given) if it has one.
function onlyExpressionErrors(attempt: () => unknown, text?: string): void {
  try {
    attempt();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    if (text !== undefined && error.index !== undefined) {
      expect(error.index).toBeGreaterThanOrEqual(0);
      expect(error.index).toBeLessThanOrEqual(text.length);
    }
  }
}

describe('any input', () => {
  it('compiling and evaluating token soup throws nothing but ExpressionError', () => {
    fc.assert(
      fc.property(tokenSoup, scope, (text, values) => {
        onlyExpressionErrors(
          () =>
            compileExpression(text).evaluate(
              { ...values, env: secretEnv({ TOKEN: 'secret-token' }) },
              { ...options, secrets: new SecretSet() },
            ),
          text,
        );
      }),
      { numRuns: 4000 },
    );
  });

  it('well-formed random expressions evaluate to a value or throw an ExpressionError', () => {
    fc.assert(
      fc.property(wellFormed, scope, (text, values) => {
        onlyExpressionErrors(() => compileExpression(text).evaluate(values, options), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('templates of arbitrary text throw nothing but ExpressionError', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      tokenSoup.map((soup) => `a \${${soup}} b`),
    );
    fc.assert(
      fc.property(text, scope, (template, values) => {
        onlyExpressionErrors(() => compileTemplate(template).evaluate(values, options), template);
      }),
      { numRuns: 3000 },
    );
  });

  it('deep values with templates anywhere throw nothing but ExpressionError', () => {
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      tokenSoup.map((soup) => `\${${soup}}`),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, scope, (definition, values) => {
        onlyExpressionErrors(() => evaluateValue(definition, values, options));
      }),
      { numRuns: 1500 },
    );
  });

  it('findExpressions returns ordered, non-overlapping spans that each start with ${ and end with }', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), tokenSoup), (text) => {
        let spans: ReturnType<typeof findExpressions> = [];
        try {
          spans = findExpressions(text);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          expect(text.startsWith('${', error.index)).toBe(true);
          return;
        }
        let previousEnd = 0;
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(text.slice(span.start, span.end)).toBe(`\${${span.source}}`);
          previousEnd = span.end;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('whatever an expression computes from a secret, what is written holds no trace of it', () => {
    const SECRET = 'Zq7-canary-Xw9-payload';
    const fromSecret = fc.letrec((tie) => ({
      text: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant('env.CANARY'),
        tie('text').map((t) => `(${t}).toUpperCase()`),
        tie('text').map((t) => `(${t}).toLowerCase()`),
        fc.tuple(tie('text'), fc.integer({ min: -8, max: 8 })).map(([t, n]) => `(${t}).slice(${n})`),
        fc.tuple(tie('text'), fc.integer({ min: 0, max: 8 })).map(([t, n]) => `(${t}).slice(0, ${n} + 6)`),
        fc.tuple(tie('text'), tie('text')).map(([a, b]) => `(${a}) + (${b})`),
        fc.tuple(tie('text'), tie('text')).map(([a, b]) => `\`\${${a}}:\${${b}}\``),
        tie('text').map((t) => `(${t}).split('-').join('+')`),
        tie('text').map((t) => `(${t}).split('').toReversed().join('')`),
        tie('text').map((t) => `JSON.stringify({ v: ${t}, n: input })`),
        tie('text').map((t) => `[input, ${t}].join('|')`),
        tie('text').map((t) => `(${t}).replaceAll('a', 'A')`),
        tie('text').map((t) => `(${t}).padEnd(40, '.')`),
      ),
    })).text;
    const shapes = fc.constantFrom(
      (t: string) => t,
      (t: string) => `[${t}, input]`,
      (t: string) => `({ a: ${t}, b: input })`,
      (t: string) => `(${t}).split('-')`,
      (t: string) => `[${t}].map(x => x + input)`,
    );
    fc.assert(
      fc.property(fromSecret, shapes, (text, shape) => {
        const secrets = new SecretSet();
        const value = compileExpression(shape(text)).evaluate(
          { env: secretEnv({ CANARY: SECRET }), input: 'in' },
          { ...options, secrets },
        );
        const written = JSON.stringify(secrets.redact(value));
        for (const piece of [SECRET, 'canary', 'CANARY', 'payload', 'PAYLOAD', 'daolyap'])
          expect(written).not.toContain(piece);
        expect(written === undefined || written.includes(REDACTED) || !/[a-z]{4}/i.test(written)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
