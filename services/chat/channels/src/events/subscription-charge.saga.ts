import { authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, SagaStepFailed } from '@coordina/platform';
import { SuscripcionRenovada } from '../contracts/events';
import type { Charge, SubscriptionsRepository } from '../db/subscriptions.repository';

export const SUBSCRIPTION_CHARGE_SAGA = 'chat-channels.subscription-charge';

export type SubscriptionChargeState = Charge & Record<string, unknown>;

/**
 * One month of a paid channel (the first or a renewal): RecordCharge (done by the caller: the
 * row is `pending_payment` or `renewing` with this payment id) / MarkFailed, payments'
 * AuthorizePayment / RefundPayment (payments answers once the provider's webhook confirms),
 * then StartPeriod (`paid_until` moves one period on). A charge that no longer matches the row
 * (another charge replaced it) is refunded.
 */
export function subscriptionChargeSaga(deps: {
  subscriptions: SubscriptionsRepository;
  periodMs: number;
  timeoutMs: number;
}): SagaDefinition<SubscriptionChargeState> {
  return defineSaga<SubscriptionChargeState>({
    name: SUBSCRIPTION_CHARGE_SAGA,
    steps: [
      {
        name: 'RecordCharge',
        byCaller: true,
        undo: { name: 'MarkFailed', run: (s, ctx) => deps.subscriptions.failed(ctx.tx, s) },
      },
      authorizePayment<SubscriptionChargeState>({
        charge: (s) => ({
          paymentId: s.paymentId,
          userId: s.userId,
          amount: s.amountCents,
          paymentMethod: s.paymentMethod,
          reference: `chat-channel:${s.channelId}`,
          description: `${s.renewal ? 'Renewal' : 'Subscription'}: ${s.channelTitle}`,
        }),
        timeoutMs: deps.timeoutMs,
      }),
      {
        name: 'StartPeriod',
        run: async (s, ctx) => {
          const paidUntil = await deps.subscriptions.activate(ctx.tx, s, deps.periodMs);
          if (!paidUntil) throw new SagaStepFailed('the subscription no longer waits for this charge');
          await ctx.publish(SuscripcionRenovada, {
            channelId: s.channelId,
            userId: s.userId,
            paymentId: s.paymentId,
            amountCents: s.amountCents,
            paidUntil: paidUntil.toISOString(),
            at: new Date().toISOString(),
          });
          return undefined;
        },
      },
    ],
  });
}
