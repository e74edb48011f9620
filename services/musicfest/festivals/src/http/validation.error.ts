import { AppError, type FieldIssue } from '@coordina/platform';

/** A 400 problem naming the first field (and listing all) like the zod pipe does. */
export function validationFailed(issues: readonly FieldIssue[]): AppError {
  const first = issues[0];
  return new AppError('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : undefined, {
    errors: [...issues],
  });
}
