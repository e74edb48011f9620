import { ZodError } from 'zod';
import { AppError, type FieldIssue } from './app-error';
import { ErrorCodes } from './error-codes';

/** RFC 9457 problem details, with our string `code` and field-level `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldIssue[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function zodIssues(err: ZodError, prefix = ''): FieldIssue[] {
  return err.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix || '(root)',
    message: i.message,
  }));
}

export function validationError(err: ZodError, where: 'body' | 'query' | 'params' | 'headers'): AppError {
  const errors = zodIssues(err, where);
  const first = errors[0];
  return new AppError('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : undefined, { errors });
}

/** Turns anything thrown into a problem body; unknown errors become a 500 (a bug). */
export function toProblem(err: unknown, instance?: string, requestId?: string): Problem {
  if (err instanceof AppError) {
    return {
      type: `https://coordina.dev/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
      title: err.title,
      status: err.status,
      code: err.code,
      detail: err.message,
      instance,
      requestId,
      ...(err.errors ? { errors: err.errors } : {}),
    };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  // Errors raised by Fastify itself while parsing the request.
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code =
      e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'PAYLOAD_TOO_LARGE'
          : e.statusCode === 404
            ? 'NOT_FOUND'
            : 'BAD_JSON';
    return toProblem(new AppError(code, e.message), instance, requestId);
  }
  return {
    type: 'about:blank',
    title: ErrorCodes.INTERNAL.title,
    status: 500,
    code: 'INTERNAL',
    detail: 'An unexpected error occurred',
    instance,
    requestId,
  };
}
