import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IngressConfig } from '@baton/config';
import { verifyGenericWebhook } from '@baton/signatures';
import { traceparentOf } from '@baton/telemetry';
import { ApiError } from '../http/api-error';
import { bodyKind, parseJsonBody } from '../http/request-body';
import { EnsembleRegistry } from '../ensembles/ensemble-registry';
import { WebhookLogLines } from '../infrastructure/webhook-log-lines';
import { IngressRunStarter, type StartedRun } from '../runs/run-starter';
import { acceptDelivery } from './webhook-intake';

const PREFIX = '/webhooks';

interface GenericBody {
  readonly workflow_name?: unknown;
  readonly ensemble?: unknown;
  readonly inputs?: unknown;
  readonly input?: unknown;
}

@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly registry: EnsembleRegistry,
    private readonly starter: IngressRunStarter,
    private readonly webhookLog: WebhookLogLines,
    private readonly config: IngressConfig,
  ) {}

  @Post('generic')
  @HttpCode(202)
  async generic(
    @Req() request: FastifyRequest,
    @Body() raw: Buffer | undefined,
    @Headers('content-type') type?: string,
  ) {
    return this.logged(request, '/generic', undefined, async () => {
      bodyKind(type, ['json']);
      if (!this.config.WEBHOOK_SECRET)
        throw ApiError.unauthorized('WEBHOOK_SECRET is not configured: /webhooks/generic is disabled');
      const rawBody = raw ?? Buffer.alloc(0);
      const verification = verifyGenericWebhook(
        this.config.WEBHOOK_SECRET,
        rawBody,
        request.headers,
        Date.now(),
      );
      if (!verification.ok) throw new ApiError(401, verification.code, verification.message);
      const body = parseJsonBody(rawBody) as GenericBody;
      const ensemble = body?.ensemble ?? body?.workflow_name;
      if (typeof ensemble !== 'string' || ensemble === '') {
        throw ApiError.badRequest(
          'the body needs "ensemble" (or "workflow_name"): the name of the ensemble to start',
        );
      }
      const given = body.input ?? body.inputs ?? {};
      const receivedAt = new Date();
      const webhook = {
        id: null,
        receivedAt: receivedAt.toISOString(),
        path: '/generic',
        scheme: 'hmac-sha256',
      };
      const input =
        given !== null && typeof given === 'object' && !Array.isArray(given) ? { ...given, webhook } : given;
      return this.starter.start({
        ensemble,
        input,
        trigger: { type: 'webhook', path: '/generic', scheme: 'hmac-sha256', receivedAt: webhook.receivedAt },
        traceparent: traceparentOf(),
      });
    });
  }

  @Post('*')
  @HttpCode(202)
  async trigger(
    @Req() request: FastifyRequest,
    @Body() raw: Buffer | undefined,
    @Headers('content-type') type?: string,
  ) {
    const end = request.url.indexOf('?');
    const path = request.url.slice(PREFIX.length, end < 0 ? undefined : end) || '/';
    const registered = await this.registry.webhook(path);
    return this.logged(request, path, registered?.ensemble, async () => {
      if (!registered) throw ApiError.notFound(`no webhook trigger at ${PREFIX}${path}`);
      bodyKind(type, ['json']);
      const receivedAt = new Date();
      const accepted = acceptDelivery(
        registered.trigger,
        {
          path,
          rawBody: raw ?? Buffer.alloc(0),
          headers: request.headers,
          query: request.query as Record<string, unknown>,
          receivedAt,
        },
        (rawBody) => parseJsonBody(rawBody),
        process.env,
      );
      const started = await this.starter.start({
        ensemble: registered.ensemble,
        input: accepted.input,
        dedupeKey: accepted.dedupeKey,
        trigger: {
          type: 'webhook',
          path,
          scheme: registered.trigger.auth.scheme,
          deliveryId: accepted.deliveryId ?? null,
          receivedAt: receivedAt.toISOString(),
        },
        traceparent: traceparentOf(),
      });
      return { ...started, deliveryId: accepted.deliveryId };
    });
  }

  /** Answers `202 { runId, duplicate }` and logs the request's line, accepted or refused. */
  private async logged(
    request: FastifyRequest,
    path: string,
    ensemble: string | undefined,
    accept: () => Promise<StartedRun & { deliveryId?: string }>,
  ) {
    const receivedAt = new Date();
    try {
      const started = await accept();
      this.webhookLog.record({
        triggerPath: path,
        ensemble: started.ensemble,
        deliveryId: started.deliveryId,
        runId: started.runId,
        duplicate: started.duplicate,
        statusCode: 202,
        receivedAt,
        headers: request.headers, // only allow-listed headers are stored (libs/persistence)
      });
      return { runId: started.runId, duplicate: started.duplicate };
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      this.webhookLog.record({
        triggerPath: path,
        ensemble,
        statusCode: status,
        errorCode: error instanceof ApiError ? error.code : 'internal',
        receivedAt,
        headers: request.headers, // only allow-listed headers are stored (libs/persistence)
      });
      throw error;
    }
  }
}
