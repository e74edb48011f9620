import { defineErrorCodes } from '@coordina/platform';

/** Payments' error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const PaymentsErrors = defineErrorCodes({
  INVALID_SIGNATURE: { status: 400, title: 'Invalid webhook signature' },
});
