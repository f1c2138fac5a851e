import { table } from './__fixtures__/fixture-tables';
import { ExpressionError, findExpressions } from './index';

interface FindCase {
  readonly rule: string;
  readonly text: string;
  readonly spans?: [number, number, string][];
  readonly unclosedAt?: number;
}

describe('findExpressions', () => {
  it.each(table<FindCase>('find-expressions.yaml'))('%s', (_rule, row) => {
    if (row.unclosedAt === undefined) {
      const spans = findExpressions(row.text);
      expect(spans.map((span) => [span.start, span.end, span.source])).toEqual(row.spans);
      for (const span of spans) expect(row.text.slice(span.start, span.end)).toBe(`\${${span.source}}`);
    } else {
      expect(() => findExpressions(row.text)).toThrow(ExpressionError);
      expect(() => findExpressions(row.text)).toThrow(
        expect.objectContaining({ code: 'syntax', index: row.unclosedAt }),
      );
    }
  });
});
