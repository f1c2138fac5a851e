import type { ExecutionContext } from '@nestjs/common';
import { IngressConfig } from '@baton/config';
import { ApiError } from './api-error';
import { ApiKeyGuard } from './api-key.guard';

function contextOf(remoteAddress: string, headers: Record<string, string> = {}): ExecutionContext {
  const request = { socket: { remoteAddress }, headers };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function guard(key?: string): ApiKeyGuard {
  const config = Object.assign(new IngressConfig(), { BATON_API_KEY: key });
  return new ApiKeyGuard(config);
}

function statusOf(check: () => boolean): number {
  try {
    return check() ? 200 : 403;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe('the API key guard', () => {
  describe('without BATON_API_KEY', () => {
    it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('serves a direct loopback peer (%s)', (address) => {
      expect(statusOf(() => guard().canActivate(contextOf(address)))).toBe(200);
    });

    it.each(['10.0.0.5', '192.168.1.20', '::ffff:10.1.1.1', '2001:db8::1'])(
      'refuses a peer beyond loopback (%s) with 401',
      (address) => {
        expect(statusOf(() => guard().canActivate(contextOf(address)))).toBe(401);
      },
    );

    it.each([
      ['forwarded', 'for=203.0.113.7'],
      ['x-forwarded-for', '203.0.113.7'],
      ['x-real-ip', '203.0.113.7'],
      ['x-forwarded-for', '127.0.0.1'],
    ])('refuses a loopback peer whose request carries %s (a proxy on this host) with 401', (name, value) => {
      expect(statusOf(() => guard().canActivate(contextOf('127.0.0.1', { [name]: value })))).toBe(401);
    });
  });

  describe('with BATON_API_KEY', () => {
    it('serves any peer with the key, proxied or not', () => {
      const headers = { authorization: 'Bearer k-123', 'x-forwarded-for': '203.0.113.7' };
      expect(statusOf(() => guard('k-123').canActivate(contextOf('10.0.0.5', headers)))).toBe(200);
    });

    it('refuses a loopback peer without the key, or with another one', () => {
      expect(statusOf(() => guard('k-123').canActivate(contextOf('127.0.0.1')))).toBe(401);
      const wrong = { authorization: 'Bearer k-12' };
      expect(statusOf(() => guard('k-123').canActivate(contextOf('127.0.0.1', wrong)))).toBe(401);
    });
  });
});
