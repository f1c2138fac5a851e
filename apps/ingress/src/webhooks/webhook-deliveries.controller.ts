import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { ReadModels } from '../infrastructure/read-models';

/** The webhook log (accepted, duplicate, refused with the reason) for the dashboard, newest first. */
@Controller('api/webhooks')
@UseGuards(ApiKeyGuard)
export class WebhookDeliveriesController {
  constructor(private readonly readModels: ReadModels) {}

  /** `GET /api/webhooks/deliveries?ensemble=&outcome=accepted|duplicate|refused&limit=&cursor=` */
  @Get('deliveries')
  async list(@Query() query: Record<string, unknown>) {
    const limit = once(query, 'limit');
    const parsedLimit = limit === undefined ? undefined : Number(limit);
    if (parsedLimit !== undefined && (!Number.isInteger(parsedLimit) || parsedLimit < 1)) {
      throw ApiError.badRequest(`limit must be a positive integer (got '${limit}')`);
    }
    const page = await this.readModels
      .webhookDeliveries()
      .list({
        ensemble: once(query, 'ensemble'),
        outcome: once(query, 'outcome'),
        limit: parsedLimit,
        cursor: once(query, 'cursor'),
      })
      .catch((error: Error) => {
        throw ApiError.unavailable(`the read models (PostgreSQL) are not reachable: ${error.message}`);
      });
    if (!page.ok) throw ApiError.badRequest(page.error.message);
    return { deliveries: page.deliveries, nextCursor: page.nextCursor };
  }
}

/** A repeated parameter (`?outcome=a&outcome=b`) is a mistake worth saying, not a filter to guess at. */
function once(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  throw ApiError.badRequest(`query parameter '${name}' must be given once`);
}
