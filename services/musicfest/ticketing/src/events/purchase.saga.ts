import { authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, SagaStepFailed } from '@coordina/platform';
import {
  CompraCompletada,
  EmisionFallida,
  EntradasAgotadas,
  EntradasAnular,
  EntradasEmitidas,
  EntradasEmitir,
} from '../contracts/events';
import { TicketsRepository } from '../db/tickets.repository';
import { ISSUE_TICKETS, PurchaseOutcomeMapper } from '../domain/purchase-outcome.mapper';
import type { TicketingSettings } from '../ticketing.settings';
import { PurchaseEventsMapper } from './purchase-events.mapper';
import { PURCHASE_SAGA, type PurchaseSagaState } from './purchase-saga.state';
import type { SeatLedger } from './seat.ledger';

/**
 * The purchase saga: ReserveSeats (done by the caller: the request's or the promotion's
 * transaction) / ReleaseSeats, payments' AuthorizePayment (until the hold times out) / RefundPayment,
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
        byCaller: true,
        undo: {
          name: 'ReleaseSeats',
          run: async (s, ctx, failure) => {
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
      },
      authorizePayment<PurchaseSagaState>({
        charge: (s) => ({
          paymentId: s.paymentId,
          userId: s.userId,
          amount: s.total,
          paymentMethod: s.paymentMethod,
          reference: `musicfest:${s.purchaseId}`,
          description: `MusicFest tickets: ${s.eventName}`,
        }),
        timeoutMs: settings.holdTimeoutMs,
        refundReason: (_s, failure) => outcomes.fromSagaFailure(failure).detail,
        onRefund: async (s, ctx) => {
          await purchases.refunds.markRequested(ctx.tx, s.purchaseId);
        },
      }),
      {
        name: ISSUE_TICKETS,
        command: async (s, ctx) => {
          const paid = await purchases.markAuthorized(ctx.tx, s.purchaseId);
          if (!paid) throw new SagaStepFailed('the purchase is no longer pending');
          await ctx.publish(EntradasEmitir, { purchaseId: s.purchaseId, sagaId: ctx.sagaId });
        },
        replies: {
          success: EntradasEmitidas,
          failure: EmisionFallida,
          correlate: (d: { sagaId: string }) => d.sagaId,
          reason: (d: { reason: string }) => d.reason,
        },
        timeoutMs: settings.issueTimeoutMs,
        undo: {
          name: 'VoidTickets',
          run: async (s, ctx, failure) => {
            await ctx.publish(EntradasAnular, {
              purchaseId: s.purchaseId,
              reason: outcomes.fromSagaFailure(failure).detail.slice(0, 200),
            });
          },
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
