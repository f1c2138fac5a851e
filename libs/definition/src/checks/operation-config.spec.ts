import { definitionOf, issuesOf, loadFixture, summary } from '../__fixtures__/fixtures';

describe("an operation's config", () => {
  it('warns about an unknown config key, suggests the closest one, and still loads', () => {
    const result = loadFixture('valid/unknown-config-key.yaml');
    expect(result.ok).toBe(true);
    expect(summary(result.ok ? result.warnings : [])).toEqual([
      "5:33 warning unknown-config-key unknown config key 'sqll' for operation data (did you mean 'sql'?); known keys: connection, backend, binding, operation, sql, params",
    ]);
  });

  it('refuses an agent without the config its operation needs, and a literal duration that is not one', () => {
    expect(summary(issuesOf('invalid/missing-config.yaml'))).toEqual([
      '5:13 error missing-config operation code needs config.script or config.code',
      '8:25 error invalid-duration config.duration must be a duration like 250ms, 30s, 5m or 1h, or a number of milliseconds, not "soon"',
    ]);
  });

  it('refuses a connection or a template that is not defined, suggesting the closest one', () => {
    expect(summary(issuesOf('invalid/undefined-connection.yaml'))).toEqual([
      "9:27 error undefined-connection connection 'shop-dbb' is not defined under connections (did you mean 'shop-db'?)",
      "12:25 error undefined-template template 'reciept' is not defined under templates (did you mean 'receipt'?)",
    ]);
  });

  it('accepts expressions anywhere in a config, and approval links in the notify of a wait agent', () => {
    const agent = definitionOf('valid/wait-approval.yaml').agents[0];
    expect(agent.config.key).toBe('expense-${input.id}');
    expect(agent.config.notify).toEqual({
      channels: {
        email: { to: '${input.approver}', text: 'Approve: ${approvalUrl} or reject: ${rejectionUrl}' },
      },
    });
  });
});
