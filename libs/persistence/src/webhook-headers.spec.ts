import { loggableHeaders } from './webhook-headers';

describe('loggableHeaders', () => {
  it('keeps only allow-listed headers, whatever the case of their names', () => {
    expect(
      loggableHeaders({
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-GitHub-Delivery': '72d3162e',
        'X-Hub-Signature-256': 'sha256=abc',
        authorization: 'Basic dXNlcjpwYXNz',
        'x-custom-token': 'tok_1',
      }),
    ).toEqual({
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': '72d3162e',
    });
  });

  it('joins repeated values and drops absent ones', () => {
    expect(loggableHeaders({ 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'], 'user-agent': undefined })).toEqual({
      'x-forwarded-for': '1.1.1.1, 2.2.2.2',
    });
  });

  it('bounds the length of a stored value', () => {
    expect(loggableHeaders({ 'user-agent': 'x'.repeat(10_000) })['user-agent']).toHaveLength(512);
  });
});
