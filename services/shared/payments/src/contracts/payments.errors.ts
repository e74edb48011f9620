import { defineErrorCodes } from '@coordina/platform';

/** Payments' error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const PaymentsErrors = defineErrorCodes({
  INVALID_SIGNATURE: { status: 400, title: 'Invalid webhook signature' },
  PAYMENT_NOT_CAPTURED: { status: 409, title: 'The payment holds no captured amount to refund' },
  REFUND_EXCEEDS_CAPTURED: { status: 409, title: 'The refund exceeds what is left of the captured amount' },
});
