import { dictionary } from '@zxcvbn-ts/language-common';

/** At least this many characters (NIST SP 800-63B §3.1.1.2); the request schemas check it first. */
export const MIN_PASSWORD_LENGTH = 8;

let common: ReadonlySet<string> | undefined;

/** zxcvbn-ts's list of the ~49,000 most common passwords (lower-case), loaded on first use. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'] as string[]);
  return common;
}

/**
 * Why a new password is refused, or undefined when it is acceptable (NIST SP 800-63B): too
 * short, among the most common passwords (any case), or the account's own email (or the
 * part before the @). No composition rules: length and a blocklist do the work.
 */
export function passwordProblem(password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const p = password.normalize('NFKC').trim().toLowerCase();
  if (commonPasswords().has(p)) return 'is one of the most common passwords: choose another';
  const address = email.trim().toLowerCase();
  if (p === address || p === address.split('@')[0]) return 'must not be your email address';
  return undefined;
}
