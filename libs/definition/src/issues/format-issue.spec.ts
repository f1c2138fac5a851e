import { formatIssue } from './format-issue';

describe('formatting an issue', () => {
  it('prints file:line:col, the severity and the message', () => {
    const issue = {
      file: 'ensembles/a.yaml',
      line: 3,
      column: 7,
      severity: 'error',
      code: 'unknown-key',
      path: 'agents[0].foo',
      message: "unknown key 'foo'",
    } as const;
    expect(formatIssue(issue)).toBe("ensembles/a.yaml:3:7 error: unknown key 'foo'");
    expect(formatIssue({ ...issue, severity: 'warning' })).toBe(
      "ensembles/a.yaml:3:7 warning: unknown key 'foo'",
    );
  });
});
