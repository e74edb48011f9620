import { defineErrorCodes } from '@coordina/platform';

/** Booking's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const BookingErrors = defineErrorCodes({
  SLOT_UNAVAILABLE: { status: 409, title: 'Slot not available' },
});
