import { defineErrorCodes } from '@coordina/platform';

/** Ticketing's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const TicketingErrors = defineErrorCodes({
  SOLD_OUT: { status: 409, title: 'Sold out and the waitlist is full' },
  PURCHASE_LIMIT_EXCEEDED: { status: 422, title: 'Purchase limit exceeded' },
  SALES_CLOSED: { status: 409, title: 'Ticket sales are closed' },
});
