import { PagoAutorizado, PagoFallido, PagoSolicitado, ReembolsoSolicitado } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, SagaStepFailed } from '@coordina/platform';
import {
  AnulacionSolicitada,
  CompraCompletada,
  EmisionFallida,
  EmisionSolicitada,
  EntradasAgotadas,
  EntradasEmitidas,
} from '../contracts/events';
import { TicketsRepository } from '../db/tickets.repository';
import { PurchaseOutcomeMapper } from '../domain/purchase-outcome.mapper';
import type { TicketingSettings } from '../ticketing.settings';
import { PurchaseEventsMapper } from './purchase-events.mapper';
import { PURCHASE_SAGA, type PurchaseSagaState } from './purchase-saga.state';
import type { SeatLedger } from './seat.ledger';

/**
 * The purchase saga: ReserveSeats (done by the request's or the promotion's transaction) /
 * ReleaseSeats, AuthorizePayment (pago.solicitado, until the hold times out) / RefundPayment,
 * IssueTickets (entradas.emitir to the issuer) / VoidTickets, then Complete (reserved → sold).
 * Undos run in reverse order and are idempotent.
 */
export function purchaseSaga(ledger: SeatLedger, settings: TicketingSettings): SagaDefinition<PurchaseSagaState> {
  const outcomes = new PurchaseOutcomeMapper();
  const events = new PurchaseEventsMapper();
  const tickets = new TicketsRepository();
  const { purchases, inventory } = ledger;
  return defineSaga<PurchaseSagaState>({
    name: PURCHASE_SAGA,
    steps: [
      {
        name: 'ReserveSeats',
        undo: 'ReleaseSeats',
        run: async () => undefined,
        compensate: async (s, ctx, failure) => {
          const outcome = outcomes.fromSagaFailure(failure);
          if (outcome.reason === 'payment_declined') await purchases.markPaymentFailed(ctx.tx, s.purchaseId);
          await ledger.end(ctx.tx, s.purchaseId, {
            from: ['PENDING'],
            to: outcome.status,
            reason: outcome.reason,
            detail: outcome.detail,
            refundPayment: false,
            voidTickets: false,
            promote: true,
          });
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
            amount: s.total,
            currency: 'PEN',
            paymentMethod: s.paymentMethod,
            reference: `musicfest:${s.purchaseId}`,
            description: `MusicFest tickets: ${s.eventName}`.slice(0, 500),
          });
        },
        replies: {
          success: PagoAutorizado,
          failure: PagoFallido,
          correlate: (d: { sagaId: string }) => d.sagaId,
          reason: (d: { reason: string }) => `payment declined: ${d.reason}`,
        },
        timeoutMs: settings.holdTimeoutMs,
        // Runs on timeout too: a charge that lands late is voided or refunded.
        compensate: async (s, ctx, failure) => {
          await ctx.publish(ReembolsoSolicitado, { paymentId: s.paymentId, reason: failure.slice(0, 500) });
          await purchases.markRefundRequested(ctx.tx, s.purchaseId);
        },
      },
      {
        name: 'IssueTickets',
        undo: 'VoidTickets',
        command: async (s, ctx) => {
          const paid = await purchases.markAuthorized(ctx.tx, s.purchaseId);
          if (!paid) throw new SagaStepFailed('the purchase is no longer pending');
          await ctx.publish(EmisionSolicitada, { purchaseId: s.purchaseId, sagaId: ctx.sagaId });
        },
        replies: {
          success: EntradasEmitidas,
          failure: EmisionFallida,
          correlate: (d: { sagaId: string }) => d.sagaId,
          reason: (d: { reason: string }) => `tickets not issued: ${d.reason}`,
        },
        timeoutMs: settings.issueTimeoutMs,
        compensate: async (s, ctx, failure) => {
          await ctx.publish(AnulacionSolicitada, { purchaseId: s.purchaseId, reason: failure.slice(0, 200) });
        },
      },
      {
        name: 'Complete',
        run: async (s, ctx) => {
          const found = await purchases.find(ctx.tx, s.purchaseId);
          if (!found) throw new SagaStepFailed('the purchase vanished');
          await inventory.lockEvent(ctx.tx, found.eventId);
          const done = await purchases.complete(ctx.tx, s.purchaseId);
          if (!done) throw new SagaStepFailed('the purchase is no longer pending');
          const items = await purchases.items(ctx.tx, [s.purchaseId]);
          for (const item of items) {
            const c = await inventory.sell(ctx.tx, item.ticketTypeId, item.quantity);
            if (!c) continue;
            if (c.sold >= c.capacity) {
              await ctx.publish(EntradasAgotadas, {
                eventId: done.eventId,
                eventName: done.eventName,
                managerId: done.managerId,
                ticketTypeId: c.id,
                ticketTypeName: c.name,
                at: new Date().toISOString(),
              });
            }
          }
          const issued = await tickets.ofPurchases(ctx.tx, [s.purchaseId]);
          await ctx.publish(CompraCompletada, events.completed(done, items, issued));
          return undefined;
        },
      },
    ],
  });
}
