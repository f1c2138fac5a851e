import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { flowNestingTooDeepAt, yamlLimitProblem } from './yaml-limits';

const yamlish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        'a: ',
        '&x ',
        '*x',
        '[',
        ']',
        '{',
        '}',
        ', ',
        '\n',
        '  ',
        '- ',
        'k',
        '1',
        '"',
        "'",
        '#',
        '? ',
      ),
      {
        maxLength: 80,
      },
    )
    .map((parts) => parts.join('')),
);

describe('YAML limits', () => {
  it('never throw and always end, whatever the document (aliases, cycles, broken text)', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const document = parseDocument(text, { uniqueKeys: false });
        const problem = yamlLimitProblem(document, { maxAliases: 5, maxAliasedNodes: 20, maxDepth: 4 });
        if (problem !== undefined) expect(problem.offset).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 3_000 },
    );
  });

  it('whatever they accept converts to JavaScript within the limits', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const document = parseDocument(text, { uniqueKeys: false });
        if (document.errors.length > 0) return;
        if (yamlLimitProblem(document, { maxAliases: 5, maxAliasedNodes: 20, maxDepth: 4 }) !== undefined)
          return;
        expect(() => JSON.stringify(document.toJS({ maxAliasCount: -1 }))).not.toThrow();
      }),
      { numRuns: 3_000 },
    );
  });

  it('the flow nesting scan refuses exactly past its limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (depth, limit) => {
        const text = `x: ${'['.repeat(depth)}1${']'.repeat(depth)}`;
        expect(flowNestingTooDeepAt(text, limit) !== undefined).toBe(depth > limit);
      }),
    );
  });
});
