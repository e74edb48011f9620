import { defineErrorCodes } from '@coordina/platform';

/** Identity's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const IdentityErrors = defineErrorCodes({
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  ACCOUNT_LOCKED: { status: 423, title: 'Account temporarily locked' },
  EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  EMAIL_NOT_VERIFIED: { status: 403, title: 'Email address not verified' },
  INVALID_CODE: { status: 400, title: 'Invalid or expired code' },
});
