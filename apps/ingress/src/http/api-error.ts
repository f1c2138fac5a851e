/**
 * Every error ingress answers with: `{ "error": { "code", "message", "details"? } }` and a status
 * (interfaces.md "Ingress HTTP"). Handlers throw ApiError; the filter maps everything else here.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers of the answer besides the JSON body (`Retry-After` of a 503). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  static badRequest(message: string, details?: unknown) {
    return new ApiError(400, 'bad_request', message, details);
  }
  static unauthorized(message: string) {
    return new ApiError(401, 'unauthorized', message);
  }
  static notFound(message: string) {
    return new ApiError(404, 'not_found', message);
  }
  static conflict(message: string, details?: unknown) {
    return new ApiError(409, 'conflict', message, details);
  }
  static unsupportedMediaType(message: string) {
    return new ApiError(415, 'unsupported_media_type', message);
  }
  static invalidInput(message: string, details?: unknown) {
    return new ApiError(422, 'invalid_input', message, details);
  }
  static unavailable(message: string) {
    return new ApiError(503, 'unavailable', message);
  }
  /** Too much waits already: nothing was accepted; `Retry-After` says when to send it again. */
  static busy(message: string, retryAfterSeconds: number, details?: unknown) {
    return new ApiError(503, 'start_backlog_full', message, details, {
      'retry-after': String(retryAfterSeconds),
    });
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
