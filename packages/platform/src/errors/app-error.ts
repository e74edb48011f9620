import { type ErrorCode, ErrorCodes, type ErrorDefinition } from './error-codes';

export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * An error that maps to a problem+json answer. Domain code throws these, with a platform code
 * by name (`new AppError('NOT_FOUND')`) or one of its service's codes (`new AppError(Table.CODE)`).
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly errors: FieldIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode | ErrorDefinition,
    detail?: string,
    options?: { errors?: FieldIssue[]; headers?: Record<string, string> },
  ) {
    const definition = typeof code === 'string' ? ErrorCodes[code] : code;
    super(detail ?? definition.title);
    this.name = 'AppError';
    this.code = definition.code;
    this.status = definition.status;
    this.title = definition.title;
    this.errors = options?.errors;
    this.headers = options?.headers;
  }
}

/** A failure that retrying cannot fix: consumers park it in the failed registry at once. */
export class UnrecoverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableError';
  }
}
