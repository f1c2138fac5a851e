import { issuesOf, loadFixture, summary } from '../__fixtures__/fixtures';

describe('agent names', () => {
  it('refuses a name used by two agents, pointing at the second and naming the line of the first', () => {
    expect(summary(issuesOf('invalid/duplicate-agent.yaml'))).toEqual([
      "6:11 error duplicate-agent duplicate agent name 'step' (first defined at line 3)",
    ]);
  });

  it('refuses a name that expressions already give a meaning to', () => {
    expect(summary(issuesOf('invalid/reserved-agent-name.yaml'))).toEqual([
      "3:11 error reserved-name 'input' cannot be an agent name: expressions already use it for something else",
    ]);
  });

  it('refuses a name that expressions could not read as one identifier', () => {
    expect(summary(issuesOf('invalid/invalid-agent-name.yaml'))).toEqual([
      "3:11 error invalid-name invalid agent name \"two words\": use letters, digits and '_', with single hyphens between them, starting with a letter or '_'",
    ]);
  });

  it('warns about a name with a hyphen before a digit, which expressions read as a subtraction', () => {
    const result = loadFixture('valid/hyphen-digit-agent-name.yaml');
    expect(summary(result.ok ? result.warnings : result.issues)).toEqual([
      "3:11 warning unreadable-name agent 'step-2' cannot be named in expressions: a hyphen before a digit reads as subtraction; rename it (e.g. 'step2') to use its output",
    ]);
  });
});
