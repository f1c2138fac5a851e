import { definitionOf, issuesOf, summary } from './__fixtures__/fixtures';

describe('expressions never need YAML quoting', () => {
  const definition = definitionOf('valid/unquoted-expressions.yaml');
  const agent = (name: string) => definition.agents.find((candidate) => candidate.name === name);

  it('keeps a value that is exactly one ${…} as that text, whatever YAML would have made of it', () => {
    expect(agent('a')?.config.value).toBe('${input.items}');
    expect(agent('b')?.condition).toBe("${!a.success ? 'x: y' : null}");
    expect(agent('b')?.input).toEqual({ items: '${input.items}' });
  });

  it('reads expressions inside flow sequences and flow mappings as items', () => {
    expect(agent('b')?.config.value).toEqual(['${loop.item.productId}', '${loop.item.quantity}']);
    expect(agent('b')?.loop).toEqual({ items: '${input.items}', concurrency: 10 });
  });

  it('reads a multi-line expression in a block scalar without the block indentation', () => {
    expect(agent('c')?.config.value).toBe('${`Order ${input.id}\nhas ${input.items.length} items`}');
  });

  it('keeps interpolation in quoted strings and the $${ escape as written', () => {
    expect(definition.notifications[0]).toMatchObject({ subject: '[${event}] ${ensemble.name}' });
    expect(agent('d')?.config.value).toBe('costs $${input.total} in ${input.currency}');
  });
});

describe('positions in the original text', () => {
  it('reports a YAML syntax error at its line and column in the file as written', () => {
    expect(summary(issuesOf('invalid/yaml-syntax.yaml'))).toEqual([
      '5:73 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
      '5:74 error yaml-syntax Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  it('reports an expression that does not parse at the offending character, inside a multi-line block', () => {
    expect(summary(issuesOf('invalid/invalid-expression.yaml'))).toEqual([
      "8:30 error invalid-expression invalid expression: unexpected ')'",
    ]);
  });

  it('reports an unclosed ${ at its $', () => {
    expect(summary(issuesOf('invalid/unclosed-expression.yaml'))).toEqual([
      "6:14 error invalid-expression '${' is never closed by a matching '}'",
    ]);
  });
});
