/**
 * AWS Signature Version 4 checked with our own code (node:crypto only), independent of the signing
 * library under test: a request the fake SNS accepts is one AWS would accept.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
}

export interface SignedRequest {
  readonly method: string;
  /** Path and query as received (`/?a=b`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60_000;

/** Undefined when the signature holds; otherwise why not (AWS's error code and a reason). */
export function sigV4Problem(
  request: SignedRequest,
  credentials: SigV4Credentials,
  now = Date.now(),
): { code: string; reason: string } | undefined {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ''));
  if (!match) return { code: 'IncompleteSignature', reason: 'no AWS4-HMAC-SHA256 Authorization header' };
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match;
  if (accessKeyId !== credentials.accessKeyId)
    return { code: 'InvalidClientTokenId', reason: 'unknown access key' };
  if (region !== credentials.region || service !== credentials.service)
    return {
      code: 'SignatureDoesNotMatch',
      reason: `scope ${region}/${service} is not ${credentials.region}/${credentials.service}`,
    };
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (!amzDate.startsWith(date) || Number.isNaN(signedAt))
    return { code: 'IncompleteSignature', reason: 'X-Amz-Date missing or not the credential date' };
  if (Math.abs(now - signedAt) > MAX_SKEW_MS)
    return { code: 'RequestExpired', reason: 'signed too long ago' };
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date'))
    return { code: 'SignatureDoesNotMatch', reason: 'host and x-amz-date must be signed' };

  const [path, query = ''] = request.url.split('?');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== payloadHash)
    return { code: 'SignatureDoesNotMatch', reason: 'x-amz-content-sha256 is not the hash of the body' };
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}\n`).join(''),
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    return { code: 'SignatureDoesNotMatch', reason: 'the signature does not match' };
  return undefined;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalPath(path: string): string {
  return path === ''
    ? '/'
    : path
        .split('/')
        .map((segment) => uriEncode(decodeURIComponent(segment)))
        .join('/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const [name, value = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
