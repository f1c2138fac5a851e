import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { IngressConfig, isLoopbackAddress } from '@baton/config';
import { ApiError } from './api-error';

/**
 * Headers a proxy adds for the client it forwards: a request carrying one came through a proxy on
 * this host, so its loopback peer address says nothing about who sent it.
 */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** Equal-length digests make the comparison independent of the key's length and content. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A caller on this host that talks to ingress directly, not through a proxy. */
export function isDirectLoopbackPeer(request: Pick<FastifyRequest, 'socket' | 'headers'>): boolean {
  if (!isLoopbackAddress(request.socket.remoteAddress)) return false;
  return FORWARDING_HEADERS.every((name) => request.headers[name] === undefined);
}

/**
 * `/api/*` (and the dashboard) take `Authorization: Bearer <BATON_API_KEY>`; without a configured
 * key they are served to direct loopback peers only (interfaces.md).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly config: IngressConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = this.config.BATON_API_KEY;
    if (!key) {
      if (isDirectLoopbackPeer(request)) return true;
      throw ApiError.unauthorized(
        'without BATON_API_KEY the API answers only callers on this host that connect directly (no proxy)',
      );
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !sameSecret(match[1].trim(), key)) {
      throw ApiError.unauthorized(
        match ? 'the API key is not valid' : 'missing Authorization: Bearer <API key>',
      );
    }
    return true;
  }
}
