import { Body, Controller, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { bodyKind, parseJsonBody } from '../http/request-body';
import { WaitResolver } from './wait-resolver';

@Controller()
export class WaitsController {
  constructor(private readonly resolver: WaitResolver) {}

  /**
   * Resolves a `wait` agent: body `{ "action": "approve" | "reject" | …, … }` becomes its output.
   * Once: a second resolution of the same wait answers 409 at once, naming the first one's time.
   */
  @Post('api/waits/:key')
  @UseGuards(ApiKeyGuard)
  @HttpCode(202)
  async resolve(
    @Param('key') key: string,
    @Body() raw: Buffer | undefined,
    @Headers('content-type') type?: string,
  ) {
    const hasBody = raw !== undefined && raw.length > 0;
    if (hasBody) bodyKind(type, ['json']);
    const value = hasBody ? parseJsonBody(raw) : {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw ApiError.badRequest('the body must be a JSON object such as { "action": "approve" }');
    }
    const outcome = await this.resolver.resolve(key, value);
    switch (outcome.kind) {
      case 'resolved':
        return { runId: outcome.runId, key, resolved: true };
      case 'already-resolved':
        throw ApiError.conflict(`the wait '${key}' was already resolved at ${outcome.first.claimedAt}`, {
          runId: outcome.first.runId,
          resolvedAt: outcome.first.claimedAt,
        });
      default:
        throw ApiError.notFound(`no open wait with key '${key}' (it may have been resolved already)`);
    }
  }
}
