import { issuesOf, summary } from '../__fixtures__/fixtures';

describe('webhook paths within an ensemble', () => {
  it('refuses a path used twice (after normalising slashes) and the reserved /generic', () => {
    expect(summary(issuesOf('invalid/webhook-paths.yaml'))).toEqual([
      "7:11 error duplicate-webhook-path webhook path '/hooks/a' is used twice in this ensemble",
      "10:11 error reserved-webhook-path webhook path '/generic' is reserved for POST /webhooks/generic",
    ]);
  });
});
