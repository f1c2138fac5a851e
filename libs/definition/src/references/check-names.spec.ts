import { issuesOf, summary } from '../__fixtures__/fixtures';

describe('names read by expressions', () => {
  it('refuses a name that is neither an agent, a scope name nor a global, suggesting the closest agent', () => {
    expect(summary(issuesOf('invalid/undefined-reference.yaml'))).toEqual([
      "8:18 error undefined-reference 'validate-ordr' is not defined: no agent has this name and it is not one of input, state, env, loop, ensemble, execution, component, request, event, data, timestamp (did you mean 'validate-order'?)",
    ]);
  });

  it('refuses an agent where no agent has run yet, and loop outside a looping agent', () => {
    expect(summary(issuesOf('invalid/misplaced-names.yaml'))).toEqual([
      "2:23 error invalid-reference 'first' is an agent, and no agent has run when concurrency.key is evaluated",
      "6:24 error invalid-reference 'loop' is only defined inside an agent with loop: (loop.item, loop.index), not in its loop.items",
    ]);
  });

  it("refuses approval links outside a wait agent's notify", () => {
    expect(summary(issuesOf('invalid/approval-link-outside-wait.yaml'))).toEqual([
      "5:45 error invalid-reference 'approvalUrl' is only defined in the notify: of a wait agent",
    ]);
  });
});
