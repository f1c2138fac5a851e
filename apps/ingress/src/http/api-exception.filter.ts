import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PayloadDecryptError } from '@baton/payload-codec';
import { ApiError } from './api-error';

const FASTIFY_ERRORS: Record<string, (message: string) => ApiError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (m) => new ApiError(413, 'payload_too_large', m),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (m) => ApiError.unsupportedMediaType(m),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (m) => ApiError.badRequest(m),
  FST_ERR_CTP_EMPTY_JSON_BODY: (m) => ApiError.badRequest(m),
  FST_ERR_CTP_INVALID_JSON_BODY: (m) => ApiError.badRequest(m),
  FST_ERR_BAD_URL: () => ApiError.badRequest('the URL does not decode (a malformed %-escape)'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new ApiError(414, 'uri_too_long', 'a path segment of the URL is longer than 100 characters'),
};

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'invalid_input',
  503: 'unavailable',
};

/** Maps anything thrown while handling a request to the one JSON error body of interfaces.md. */
export function toApiError(exception: unknown): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const message = status === 404 ? 'no such route' : exception.message;
    return new ApiError(status, HTTP_CODES[status] ?? `http_${status}`, message);
  }
  const code = (exception as { code?: unknown })?.code;
  if (typeof code === 'string' && code in FASTIFY_ERRORS) {
    return FASTIFY_ERRORS[code]((exception as Error).message);
  }
  if (code === 'nats-unreachable') return ApiError.unavailable('NATS is unreachable; nothing was accepted');
  if (exception instanceof PayloadDecryptError || code === 'undecryptable-payload') {
    // The message names the key id, never key material: the ingress lacks a key BATON_PAYLOAD_KEY had.
    return ApiError.unavailable(`a stored payload cannot be decrypted: ${(exception as Error).message}`);
  }
  if (code === 'publish-failed') {
    return ApiError.unavailable('JetStream did not acknowledge the request; send it again');
  }
  return new ApiError(500, 'internal', 'internal error');
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toApiError(exception);
    if (error.status >= 500)
      this.logger.error({ err: exception }, `request failed: ${(exception as Error)?.message}`);
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .headers(error.headers)
      .status(error.status)
      .type('application/json')
      .send(error.toBody());
  }
}

/**
 * Fastify's router answers some requests before NestJS sees them (a URL that does not decode, a path
 * parameter over `maxParamLength`); this gives them the same JSON error body.
 */
export function answerFrameworkError(error: Error, _request: unknown, reply: FastifyReply): void {
  const answer = toApiError(error);
  void reply.status(answer.status).type('application/json').send(answer.toBody());
}
