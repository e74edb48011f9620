import { AUTHORIZE_PAYMENT, authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, type SagaFailure, SagaStepFailed } from '@coordina/platform';
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
 * The hosting fee: RegisterEvent (done by the caller: the PENDING_FEE row the request
 * inserted) / DeclineEvent, payments' AuthorizePayment / RefundPayment, then PublishEvent
 * (PUBLISHED + EventoPublicado). An event cancelled while its fee was pending is not
 * published: its fee is refunded. Undos are idempotent.
 */
export function hostingFeeSaga(deps: HostingFeeSagaDeps): SagaDefinition<HostingFeeSagaState> {
  const snapshots = new EventSnapshotMapper();
  return defineSaga<HostingFeeSagaState>({
    name: HOSTING_FEE_SAGA,
    steps: [
      {
        // The request's transaction inserted the PENDING_FEE row.
        name: 'RegisterEvent',
        byCaller: true,
        undo: {
          name: 'DeclineEvent',
          run: async (s, ctx, failure) => {
            if (await deps.events.markFeeDeclined(ctx.tx, s.eventId, declineReason(failure)))
              await deps.cache.changed();
          },
        },
      },
      authorizePayment<HostingFeeSagaState>({
        charge: (s) => ({
          paymentId: s.paymentId,
          userId: s.managerId,
          amount: s.hostingFee,
          paymentMethod: s.paymentMethod,
          reference: `musicfest-event:${s.eventId}`,
          description: `MusicFest hosting fee: ${s.eventName}`,
        }),
        timeoutMs: deps.timeoutMs,
        refundReason: (_s, failure) => declineReason(failure),
      }),
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

/** The reason a manager reads on a declined event (and payments on the refund). */
function declineReason(failure: SagaFailure): string {
  if (failure.step !== AUTHORIZE_PAYMENT) return failure.reason;
  return failure.kind === 'timeout' ? 'hosting fee payment timed out' : `hosting fee declined: ${failure.reason}`;
}
