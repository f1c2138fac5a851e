import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';
import type { DashboardAsset, DashboardAssets } from './dashboard-assets';
import { dashboardAnswer } from './dashboard-routes';

export const DASHBOARD_ASSETS = Symbol('DashboardAssets');

/**
 * The page is public; everything it shows comes from `/api`, which keeps its key. The policy lets
 * the page load only its own files and talk only to this origin.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * `GET /` and every client route of the dashboard (built files and the SPA fallback). Fastify
 * matches static and parametric routes before this wildcard, so every other route keeps its own
 * handler; the routes this one must never take are refused in `dashboardAnswer`.
 */
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_ASSETS) private readonly assets: DashboardAssets) {}

  @Get()
  root(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer(request, reply);
  }

  @Get('*')
  any(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer(request, reply);
  }

  private answer(request: FastifyRequest, reply: FastifyReply): void {
    const answer = dashboardAnswer(request.url, this.assets);
    if (answer.kind === 'none') throw ApiError.notFound(answer.reason);
    send(reply, answer.asset, request.headers);
  }
}

function send(reply: FastifyReply, asset: DashboardAsset, headers: FastifyRequest['headers']): void {
  reply.headers({
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'cache-control': asset.cacheControl,
    etag: asset.etag,
    vary: 'accept-encoding',
  });
  if (matchesEtag(headers['if-none-match'], asset.etag)) {
    reply.status(304).send();
    return;
  }
  const accepted = String(headers['accept-encoding'] ?? '');
  const [encoding, body] =
    asset.brotli && /\bbr\b/.test(accepted)
      ? ['br', asset.brotli]
      : asset.gzip && /\bgzip\b/.test(accepted)
        ? ['gzip', asset.gzip]
        : [undefined, asset.body];
  if (encoding) reply.header('content-encoding', encoding);
  reply.status(200).send(body);
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((tag) => tag.trim());
  return tags.includes(etag) || tags.includes(`W/${etag}`) || tags.includes('*');
}
