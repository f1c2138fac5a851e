import { BatonApiError, BatonNetworkError } from '@baton/client';
import { batonClient, describeFailure } from './baton-client';

describe('finding ingress', () => {
  it('takes --url first, then BATON_URL, then 127.0.0.1 at INGRESS_PORT, then port 8080', async () => {
    const env = { BATON_URL: 'http://from-env:1', INGRESS_PORT: '9000' };
    expect(await batonClient('http://flag:2/', env)).toMatchObject({
      ok: true,
      baton: { url: 'http://flag:2' },
    });
    expect(await batonClient(undefined, env)).toMatchObject({ baton: { url: 'http://from-env:1' } });
    expect(await batonClient(undefined, { INGRESS_PORT: '9000' })).toMatchObject({
      baton: { url: 'http://127.0.0.1:9000' },
    });
    expect(await batonClient(undefined, {})).toMatchObject({ baton: { url: 'http://127.0.0.1:8080' } });
  });

  it('refuses a URL that is not http(s), an INGRESS_PORT that is not a port and a key that cannot be sent, naming the variable', async () => {
    expect(await batonClient('ftp://x', {})).toEqual({
      ok: false,
      message: "--url must be an http(s) URL (got 'ftp://x')",
    });
    expect(await batonClient(undefined, { BATON_URL: 'nope' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('BATON_URL'),
    });
    expect(await batonClient(undefined, { INGRESS_PORT: 'abc' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('INGRESS_PORT'),
    });
    expect(await batonClient(undefined, { BATON_API_KEY: 'two words' })).toEqual({
      ok: false,
      message: 'BATON_API_KEY must be printable ASCII without spaces',
    });
  });
});

describe('describing a failure', () => {
  it('gives the status, code and message of an API error, with its details indented', () => {
    const error = new BatonApiError(
      422,
      'invalid_input',
      'the input does not match',
      { errors: ['/name'] },
      undefined,
      {},
    );
    expect(describeFailure(error)).toBe(
      '422 invalid_input: the input does not match\n  {"errors":["/name"]}',
    );
  });

  it('hints at BATON_API_KEY on a 401 about the key, not on a bad webhook signature', () => {
    const key = new BatonApiError(
      401,
      'unauthorized',
      'missing or invalid API key',
      undefined,
      undefined,
      {},
    );
    const signature = new BatonApiError(401, 'unauthorized', 'bad signature', undefined, undefined, {});
    expect(describeFailure(key)).toContain('set BATON_API_KEY');
    expect(describeFailure(signature)).not.toContain('BATON_API_KEY');
  });

  it('says where ingress was looked for and that baton start should run', () => {
    const error = new BatonNetworkError(
      'unreachable',
      'http://127.0.0.1:1',
      "Baton's ingress is not reachable at http://127.0.0.1:1",
    );
    expect(describeFailure(error)).toBe(
      "Baton's ingress is not reachable at http://127.0.0.1:1: is `baton start` running?",
    );
  });

  it('leaves anything else to be rethrown', () => {
    expect(describeFailure(new RangeError('bug'))).toBeUndefined();
  });
});
