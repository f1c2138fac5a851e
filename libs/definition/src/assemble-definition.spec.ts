import { definitionOf } from './__fixtures__/fixtures';

describe('a loaded definition', () => {
  const definition = definitionOf('process-order.yaml');

  it('is plain JSON: a JSON round trip gives the same value', () => {
    expect(JSON.parse(JSON.stringify(definition))).toStrictEqual(definition);
  });

  it('is deep-frozen', () => {
    const frozen = (value: unknown): boolean =>
      typeof value !== 'object' ||
      value === null ||
      (Object.isFrozen(value) && Object.values(value).every(frozen));
    expect(frozen(definition)).toBe(true);
    expect(() => {
      (definition.agents[0].retry as { maxAttempts: number }).maxAttempts = 9;
    }).toThrow(TypeError);
  });

  it('carries a source location for every agent', () => {
    expect(definition.agents.map((agent) => [agent.location.line, agent.location.column])).toEqual([
      [24, 5],
      [30, 9],
      [38, 5],
      [47, 5],
    ]);
  });
});
