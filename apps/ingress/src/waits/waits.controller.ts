import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { resolveWait } from '@baton/intake';
import { JetStreamInbox, WaitDirectory } from '@baton/messaging';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { bodyKind, parseJsonBody } from '../http/request-body';

@Controller()
export class WaitsController {
  constructor(
    private readonly waits: WaitDirectory,
    private readonly inbox: JetStreamInbox,
  ) {}

  /** Resolves a `wait` agent: body `{ "action": "approve" | "reject" | …, … }` becomes its output. */
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
    const wait = await this.waits.find(key);
    if (!wait) throw ApiError.notFound(`no open wait with key '${key}'`);
    await this.inbox.send(resolveWait({ runId: wait.runId, at: new Date().toISOString(), key, value }));
    return { runId: wait.runId, key, resolved: true };
  }

  /** Approval links come with `wait.notify`; until a token is issued there is nothing to accept. */
  @Get('approvals/:token')
  approval(@Param('token') _token: string) {
    throw ApiError.notFound('this approval link is not valid or has already been used');
  }
}
