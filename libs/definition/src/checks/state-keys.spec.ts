import { issuesOf, summary } from '../__fixtures__/fixtures';

describe('state keys', () => {
  it('refuses setting a key that state.schema does not declare', () => {
    expect(summary(issuesOf('invalid/undeclared-state-key.yaml'))).toEqual([
      "8:41 error undeclared-state-key agent 'a' sets state key 'paied', which state.schema does not declare (did you mean 'paid'?)",
    ]);
  });

  it('refuses a listed key that is not declared, and warns about reading one', () => {
    expect(summary(issuesOf('invalid/undeclared-state-list.yaml'))).toEqual([
      "7:24 warning undeclared-state-key state key 'totl' is read but state.schema does not declare it (did you mean 'total'?)",
      "8:20 warning undeclared-state-key agent 'a' uses state key 'ordr', which state.schema does not declare (did you mean 'order'?)",
      "8:40 error undeclared-state-key agent 'a' sets state key 'totl', which state.schema does not declare (did you mean 'total'?)",
    ]);
  });
});
