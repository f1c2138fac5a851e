import { sigV4Problem, type SignedRequest } from './sigv4-verifier';

// The `get-vanilla` case of AWS's Signature Version 4 test suite.
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
};
const SIGNED_AT = Date.parse('2015-08-30T12:36:00Z');
const SIGNATURE = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

function request(overrides: { signature?: string; keyId?: string; path?: string } = {}): SignedRequest {
  const credential = `${overrides.keyId ?? 'AKIDEXAMPLE'}/20150830/us-east-1/service/aws4_request`;
  return {
    method: 'GET',
    url: overrides.path ?? '/',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${overrides.signature ?? SIGNATURE}`,
    },
    body: Buffer.alloc(0),
  };
}

describe('sigV4Problem', () => {
  it("accepts AWS's own test vector", () => {
    expect(sigV4Problem(request(), CREDENTIALS, SIGNED_AT)).toBeUndefined();
  });

  it('refuses a changed request, another key, a stale date and a missing signature', () => {
    expect(sigV4Problem(request({ path: '/other' }), CREDENTIALS, SIGNED_AT)?.code).toBe(
      'SignatureDoesNotMatch',
    );
    expect(sigV4Problem(request({ signature: '0'.repeat(64) }), CREDENTIALS, SIGNED_AT)?.code).toBe(
      'SignatureDoesNotMatch',
    );
    expect(sigV4Problem(request({ keyId: 'AKIDOTHER' }), CREDENTIALS, SIGNED_AT)?.code).toBe(
      'InvalidClientTokenId',
    );
    expect(sigV4Problem(request(), CREDENTIALS, SIGNED_AT + 6 * 60_000)?.code).toBe('RequestExpired');
    expect(
      sigV4Problem({ ...request(), headers: { host: 'example.amazonaws.com' } }, CREDENTIALS, SIGNED_AT)
        ?.code,
    ).toBe('IncompleteSignature');
  });
});
