import { PagoAutorizado, PagoFallido, PagoSolicitado, ReembolsoSolicitado } from '@coordina/payments/contracts';
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
 * The booking saga: HoldSlot (the HELD row the request inserted) / ReleaseSlot,
 * AuthorizePayment (pago.solicitado, awaiting pago.autorizado or pago.fallido until the hold
 * expires) / RefundPayment, then ConfirmBooking. Undos run in reverse order and are idempotent.
 */
export function bookingSaga(bookings: BookingsRepository, holdTimeoutMs: number): SagaDefinition<BookingSagaState> {
  const events = new BookingEventsMapper();
  const reasons = new CancellationReasonMapper();
  return defineSaga<BookingSagaState>({
    name: BOOKING_SAGA,
    steps: [
      {
        name: 'HoldSlot',
        undo: 'ReleaseSlot',
        // The request's transaction inserted the HELD row; the exclusion constraint holds the slot.
        run: async () => undefined,
        compensate: async (s, ctx, failure) => {
          const reason = reasons.fromSagaFailure(failure);
          const released = await bookings.release(ctx.tx, s.bookingId, reason);
          if (released) await ctx.publish(ReservaCancelada, events.cancelled(released, reason, false));
        },
      },
      {
        name: 'AuthorizePayment',
        undo: 'RefundPayment',
        command: async (s, ctx) => {
          await ctx.publish(PagoSolicitado, {
            paymentId: s.paymentId,
            sagaId: ctx.sagaId,
            userId: s.userId,
            amount: s.price,
            currency: 'PEN',
            paymentMethod: s.paymentMethod,
            reference: `booking:${s.bookingId}`,
            description: `InStudio booking at ${s.salonName}`.slice(0, 500),
          });
        },
        replies: {
          success: PagoAutorizado,
          failure: PagoFallido,
          correlate: (d: { sagaId: string }) => d.sagaId,
          reason: (d: { reason: string }) => `payment declined: ${d.reason}`,
        },
        timeoutMs: holdTimeoutMs,
        // Runs on timeout too: a charge that lands late is voided or refunded.
        compensate: async (s, ctx, failure) => {
          await ctx.publish(ReembolsoSolicitado, { paymentId: s.paymentId, reason: reasons.fromSagaFailure(failure) });
          await bookings.markRefundRequested(ctx.tx, s.bookingId);
        },
      },
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
