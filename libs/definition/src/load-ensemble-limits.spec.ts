import { definitionOf, issuesOf, summary } from './__fixtures__/fixtures';

describe('hostile YAML is refused with the line that crosses a limit', () => {
  it('refuses an alias bomb (billion laughs) at the alias that expands it too far', () => {
    expect(summary(issuesOf('invalid/alias-bomb.yaml'))).toEqual([
      '7:14 error yaml-aliases aliases expand the document by more than 10000 nodes (alias *lol4)',
    ]);
  });

  it('refuses an alias inside the node it names (a cycle)', () => {
    expect(summary(issuesOf('invalid/alias-cycle.yaml'))).toEqual([
      '5:13 error yaml-aliases alias *agents refers to a node that contains it (a cycle)',
    ]);
  });

  it('refuses an alias that names no anchor, at the alias', () => {
    expect(summary(issuesOf('invalid/unknown-alias.yaml'))).toEqual([
      '2:9 error yaml-aliases alias *nope names no anchor defined before it',
    ]);
  });

  it('refuses nesting deeper than 64 levels at the first node below the limit', () => {
    const [issue] = issuesOf('invalid/too-deep.yaml');
    expect(issue).toMatchObject({ line: 6, code: 'yaml-too-deep' });
    expect(issue.message).toBe('the document is nested deeper than 64 levels');
  });

  it('reports nesting too deep for the YAML parser itself as too deep, not as a stack overflow', () => {
    const issues = issuesOf('invalid/nested-beyond-parser.yaml');
    expect(issues.map((issue) => issue.code)).toContain('yaml-too-deep');
    expect(issues[0]).toMatchObject({ line: 6 });
    expect(summary(issues).join('\n')).not.toMatch(/call stack/i);
  });

  it('refuses a key written twice in one mapping (as JavaScript sees keys: 1 and "1" are one)', () => {
    expect(summary(issuesOf('invalid/duplicate-keys.yaml'))).toEqual([
      "5:25 error duplicate-key the key 'value' appears twice in one mapping",
    ]);
  });

  it('still loads ordinary anchors and aliases', () => {
    expect(definitionOf('valid/aliases.yaml').agents.length).toBeGreaterThan(0);
  });
});
