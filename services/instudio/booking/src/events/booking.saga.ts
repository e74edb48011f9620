import { authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, SagaStepFailed } from '@coordina/platform';
import { ReservaCancelada, ReservaConfirmada } from '../contracts/events';
import type { BookingsRepository } from '../db/bookings.repository';
import { CancellationReasonMapper } from '../domain/cancellation-reason.mapper';
import { BookingEventsMapper } from './booking-events.mapper';

export const BOOKING_SAGA = 'instudio.booking';

export interface BookingSagaState extends Record<string, unknown> {
  bookingId: string;
  userId: string;
  paymentId: string;
  paymentMethod: string;
  price: number;
  salonName: string;
}

/**
 * The booking saga: HoldSlot (done by the caller: the HELD row the request inserted) /
 * ReleaseSlot, payments' AuthorizePayment (until the hold expires) / RefundPayment, then
 * ConfirmBooking. Undos run in reverse order and are idempotent.
 */
export function bookingSaga(bookings: BookingsRepository, holdTimeoutMs: number): SagaDefinition<BookingSagaState> {
  const events = new BookingEventsMapper();
  const reasons = new CancellationReasonMapper();
  return defineSaga<BookingSagaState>({
    name: BOOKING_SAGA,
    steps: [
      {
        // The request's transaction inserted the HELD row; the exclusion constraint holds the slot.
        name: 'HoldSlot',
        byCaller: true,
        undo: {
          name: 'ReleaseSlot',
          run: async (s, ctx, failure) => {
            const reason = reasons.fromSagaFailure(failure);
            const released = await bookings.release(ctx.tx, s.bookingId, reason);
            if (released) await ctx.publish(ReservaCancelada, events.cancelled(released, reason, false));
          },
        },
      },
      authorizePayment<BookingSagaState>({
        charge: (s) => ({
          paymentId: s.paymentId,
          userId: s.userId,
          amount: s.price,
          paymentMethod: s.paymentMethod,
          reference: `booking:${s.bookingId}`,
          description: `InStudio booking at ${s.salonName}`,
        }),
        timeoutMs: holdTimeoutMs,
        refundReason: (_s, failure) => reasons.fromSagaFailure(failure),
        onRefund: async (s, ctx) => {
          await bookings.refunds.markRequested(ctx.tx, s.bookingId);
        },
      }),
      {
        name: 'ConfirmBooking',
        run: async (s, ctx) => {
          const confirmed = await bookings.confirm(ctx.tx, s.bookingId);
          if (!confirmed) throw new SagaStepFailed('booking is no longer held');
          await ctx.publish(ReservaConfirmada, events.confirmed(confirmed));
          return undefined;
        },
      },
    ],
  });
}
