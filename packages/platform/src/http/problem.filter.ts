import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { validationError } from '../errors/problem';
import { sendProblem } from '../gateway/gateway.hooks';
import type { Logger } from '../observability/logger';

const byStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Every error a controller throws leaves as problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    let err = exception;
    if (exception instanceof HttpException) {
      // Fastify's body-parser errors arrive wrapped by Nest; keep their meaning.
      const unparsable = exception.getStatus() === 400 && /JSON|body cannot be empty/i.test(exception.message);
      const code = unparsable ? 'BAD_JSON' : byStatus[exception.getStatus()];
      err = code ? new AppError(code, exception.message) : exception;
    } else if (exception instanceof ZodError) {
      err = validationError(exception, 'body');
    }
    sendProblem(this.log, err, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
