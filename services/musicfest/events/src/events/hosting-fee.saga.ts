import { PagoAutorizado, PagoFallido, PagoSolicitado, ReembolsoSolicitado } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, SagaStepFailed } from '@coordina/platform';
import { EventoPublicado } from '../contracts/events';
import type { EventsCache } from '../db/events.cache';
import type { EventsRepository } from '../db/events.repository';
import type { TicketTypesRepository } from '../db/ticket-types.repository';
import { EventSnapshotMapper } from './event-snapshot.mapper';

export const HOSTING_FEE_SAGA = 'musicfest.hosting-fee';

export interface HostingFeeSagaState extends Record<string, unknown> {
  eventId: string;
  managerId: string;
  paymentId: string;
  paymentMethod: string;
  hostingFee: number;
  eventName: string;
}

export interface HostingFeeSagaDeps {
  events: EventsRepository;
  ticketTypes: TicketTypesRepository;
  cache: EventsCache;
  timeoutMs: number;
}

/**
 * The hosting fee: RegisterEvent (the PENDING_FEE row the request inserted) / DeclineEvent,
 * ChargeFee (pago.solicitado, awaiting pago.autorizado or pago.fallido) / RefundFee, then
 * PublishEvent (PUBLISHED + EventoPublicado). An event cancelled while its fee was pending is
 * not published: its fee is refunded. Undos are idempotent.
 */
export function hostingFeeSaga(deps: HostingFeeSagaDeps): SagaDefinition<HostingFeeSagaState> {
  const snapshots = new EventSnapshotMapper();
  return defineSaga<HostingFeeSagaState>({
    name: HOSTING_FEE_SAGA,
    steps: [
      {
        name: 'RegisterEvent',
        undo: 'DeclineEvent',
        run: async () => undefined,
        compensate: async (s, ctx, reason) => {
          if (await deps.events.markFeeDeclined(ctx.tx, s.eventId, reason)) await deps.cache.changed();
        },
      },
      {
        name: 'ChargeFee',
        undo: 'RefundFee',
        command: async (s, ctx) => {
          await ctx.publish(PagoSolicitado, {
            paymentId: s.paymentId,
            sagaId: ctx.sagaId,
            userId: s.managerId,
            amount: s.hostingFee,
            currency: 'PEN',
            paymentMethod: s.paymentMethod,
            reference: `musicfest-event:${s.eventId}`,
            description: `MusicFest hosting fee: ${s.eventName}`.slice(0, 500),
          });
        },
        replies: {
          success: PagoAutorizado,
          failure: PagoFallido,
          correlate: (d: { sagaId: string }) => d.sagaId,
          reason: (d: { reason: string }) => `hosting fee declined: ${d.reason}`,
        },
        timeoutMs: deps.timeoutMs,
        // Runs on timeout too: a charge that lands late is voided or refunded.
        compensate: async (s, ctx, reason) => {
          await ctx.publish(ReembolsoSolicitado, { paymentId: s.paymentId, reason: reason.slice(0, 500) });
        },
      },
      {
        name: 'PublishEvent',
        run: async (s, ctx) => {
          const published = await deps.events.markPublished(ctx.tx, s.eventId);
          if (!published) throw new SagaStepFailed('the event is no longer pending its fee');
          const types = await deps.ticketTypes.forEvent(ctx.tx, s.eventId);
          await ctx.publish(EventoPublicado, snapshots.published(published, types, 'published'));
          await deps.cache.changed();
          return undefined;
        },
      },
    ],
  });
}
