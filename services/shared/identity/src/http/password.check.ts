import { AppError } from '@coordina/platform';
import { passwordProblem } from '../domain/password.policy';

/** Throws 400 VALIDATION_FAILED naming `body.password` when the new password is refused (NIST SP 800-63B). */
export function assertAcceptablePassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new AppError('VALIDATION_FAILED', `body.password: ${problem}`, {
      errors: [{ field: 'body.password', message: problem }],
    });
  }
}
