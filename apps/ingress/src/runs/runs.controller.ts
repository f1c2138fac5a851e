import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { apiDedupeKey, cancelRun } from '@baton/intake';
import { parseDuration } from '@baton/model';
import { JetStreamInbox } from '@baton/messaging';
import { payloadCodec } from '@baton/payload-codec';
import { traceparentOf } from '@baton/telemetry';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { queryText } from '../http/query-params';
import { bodyKind, parseJsonBody } from '../http/request-body';
import { RunIdPipe } from '../http/run-id.pipe';
import { ReadModels } from '../infrastructure/read-models';
import { IngressRunStarter } from './run-starter';
import { hasEnded, RunViews } from './run-views';

/** `?wait=` is capped so a client cannot hold a connection open for ever. */
const MAX_WAIT_MS = 5 * 60_000;

@Controller('api')
@UseGuards(ApiKeyGuard)
export class RunsController {
  constructor(
    private readonly starter: IngressRunStarter,
    private readonly views: RunViews,
    private readonly readModels: ReadModels,
    private readonly inbox: JetStreamInbox,
  ) {}

  @Post('ensembles/:name/runs')
  async start(
    @Param('name') name: string,
    @Body() raw: Buffer | undefined,
    @Headers('content-type') type: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query('wait') waitParam: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const hasBody = raw !== undefined && raw.length > 0;
    if (hasBody) bodyKind(type, ['json']);
    const input = hasBody ? parseJsonBody(raw) : {};
    const wait = queryText('wait', waitParam);
    const waitMs = wait === undefined ? undefined : parseWait(wait);
    const request = {
      ensemble: name,
      input,
      trigger: { type: 'api' as const },
      dedupeKey: idempotencyKey ? apiDedupeKey(name, idempotencyKey) : undefined,
      traceparent: traceparentOf(),
    };
    if (waitMs === undefined) {
      reply.status(202);
      const { runId } = await this.starter.start(request);
      return { runId };
    }
    // The run id is known only once started: subscribe then, and look at the log once more so an
    // end between the two cannot slip past.
    const started = await this.starter.start(request);
    const watch = this.views.watch(started.runId, waitMs);
    const current = await this.views.fromLog(started.runId).catch(() => undefined);
    if (current && hasEnded(current)) {
      watch.cancel();
      reply.status(200);
      return current;
    }
    const ended = await watch.ended;
    reply.status(ended ? 200 : 202);
    return ended ?? { runId: started.runId };
  }

  @Get('runs')
  async list(
    @Query('ensemble') ensembleParam?: unknown,
    @Query('status') statusParam?: unknown,
    @Query('limit') limitParam?: unknown,
    @Query('cursor') cursorParam?: unknown,
  ) {
    const ensemble = queryText('ensemble', ensembleParam);
    const status = queryText('status', statusParam);
    const limit = queryText('limit', limitParam);
    const cursor = queryText('cursor', cursorParam);
    const parsedLimit = limit === undefined ? undefined : Number(limit);
    if (parsedLimit !== undefined && (!Number.isInteger(parsedLimit) || parsedLimit < 1)) {
      throw ApiError.badRequest(`limit must be a positive integer (got '${limit}')`);
    }
    const result = await this.readModels
      .runs()
      .list({ ensemble, status, limit: parsedLimit, cursor })
      .catch((error: Error) => {
        throw ApiError.unavailable(`the read models (PostgreSQL) are not reachable: ${error.message}`);
      });
    if (!result.ok) throw ApiError.badRequest(result.error.message);
    // Encrypted payloads in the rows (BATON_PAYLOAD_KEY) are decrypted for the caller.
    return { runs: payloadCodec().open(result.runs), nextCursor: result.nextCursor };
  }

  @Get('runs/:id')
  get(@Param('id', RunIdPipe) id: string) {
    return this.views.get(id);
  }

  @Get('runs/:id/events')
  async events(@Param('id', RunIdPipe) id: string) {
    return { events: await this.views.events(id) };
  }

  @Post('runs/:id/cancel')
  @HttpCode(202)
  async cancel(@Param('id', RunIdPipe) id: string) {
    const run = await this.views.fromLog(id);
    if (hasEnded(run)) {
      throw ApiError.conflict(`run ${id} has already ended (${run.status})`);
    }
    await this.inbox.send(
      cancelRun({
        runId: id,
        at: new Date().toISOString(),
        reason: 'cancelled through the API',
        cause: 'api',
      }),
    );
    return { runId: id, status: 'cancelling' };
  }

  /** Starts a new run of the same ensemble (its latest revision) with the same input. */
  @Post('runs/:id/rerun')
  @HttpCode(202)
  async rerun(@Param('id', RunIdPipe) id: string) {
    const run = await this.views.fromLog(id);
    const { runId } = await this.starter.start({
      ensemble: run.ensemble as string,
      input: run.input,
      trigger: { type: 'rerun', of: id },
      traceparent: traceparentOf(),
    });
    return { runId, rerunOf: id };
  }
}

function parseWait(text: string): number {
  const ms = parseDuration(/^\d+$/.test(text) ? `${text}s` : text);
  if (ms === undefined || ms < 0)
    throw ApiError.badRequest(`wait must be a duration such as 30s or 2m (got '${text}')`);
  return Math.min(ms, MAX_WAIT_MS);
}
