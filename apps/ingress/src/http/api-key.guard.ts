import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { IngressConfig } from '@baton/config';
import { ApiError } from './api-error';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Equal-length digests make the comparison independent of the key's length and content. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * `/api/*` takes `Authorization: Bearer <BATON_API_KEY>`; without a configured key the API is open
 * on loopback only (interfaces.md).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly config: IngressConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = this.config.BATON_API_KEY;
    if (!key) {
      if (LOOPBACK.has(request.socket.remoteAddress ?? '')) return true;
      throw ApiError.unauthorized('the API is open on loopback only until BATON_API_KEY is set');
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
