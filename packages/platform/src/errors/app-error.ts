import { type ErrorCode, ErrorCodes } from './error-codes';

export interface FieldIssue {
  field: string;
  message: string;
}

/** An error that maps to a problem+json answer. Domain code throws these. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { errors?: FieldIssue[]; headers?: Record<string, string> }) {
    super(detail ?? ErrorCodes[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code].status;
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
