import type { SagaFailure, SagaState, SagaStep, StepContext } from '@coordina/platform';
import {
  PagoAutorizado,
  PagoFallido,
  PagoSolicitar,
  type PaymentProviderName,
  type PhoneApproval,
  ReembolsoSolicitar,
} from './events';

/** The step's and its undo's names, for the sagas that read a failure of this step. */
export const AUTHORIZE_PAYMENT = 'AuthorizePayment';
export const REFUND_PAYMENT = 'RefundPayment';

/** What to charge, read from the saga's state (the saga id and the currency are added). */
export interface ChargeRequest {
  paymentId: string;
  userId: string;
  /** Integer cents, in PEN. */
  amount: number;
  /** Which provider charges it; `card` when absent. */
  provider?: PaymentProviderName;
  /** card: a payment method id; paypal: the buyer's vault id; yape, plin: phone and approval code. */
  paymentMethod: string | PhoneApproval;
  /** Where the charge comes from (`booking:<id>`), echoed back on the replies. */
  reference: string;
  /** Shown on the provider's side; cut to 500 characters. */
  description?: string;
  /** The IGV included in `amount`, when the saga knows it: the receipt breaks the total down. */
  igvCents?: number;
}

export interface AuthorizePaymentOptions<S extends SagaState> {
  charge: (state: S) => ChargeRequest;
  /** How long to wait for pago.autorizado or pago.fallido before the step times out. */
  timeoutMs: number;
  /** The refund's reason, for payments' records; the failure's reason when absent. */
  refundReason?: (state: S, failure: SagaFailure) => string;
  /** The saga's own bookkeeping when the refund is asked for (in the same transaction). */
  onRefund?: (state: S, ctx: StepContext, failure: SagaFailure) => Promise<void>;
}

/**
 * The payment step every saga that charges uses: AuthorizePayment sends pago.solicitar and
 * awaits pago.autorizado or pago.fallido (a failure of kind `declined` whose reason is the
 * provider's code); its undo RefundPayment asks for reembolso.solicitar, which payments
 * turns into a refund or, before capture, a void. The undo runs on a timeout too: a charge
 * that lands late is voided or refunded.
 */
export function authorizePayment<S extends SagaState>(o: AuthorizePaymentOptions<S>): SagaStep<S> {
  return {
    name: AUTHORIZE_PAYMENT,
    command: async (s, ctx) => {
      const c = o.charge(s);
      await ctx.publish(PagoSolicitar, {
        ...c,
        sagaId: ctx.sagaId,
        saga: ctx.sagaName,
        currency: 'PEN',
        ...(c.description === undefined ? {} : { description: c.description.slice(0, 500) }),
      });
    },
    replies: {
      success: PagoAutorizado,
      failure: PagoFallido,
      correlate: (d: { sagaId: string }) => d.sagaId,
      // Every saga that charges has a reply group for these topics: one that did not ask skips the
      // reply before its transaction (decision 0117).
      owner: (d: { saga?: unknown }) => (typeof d.saga === 'string' ? d.saga : undefined),
      reason: (d: { reason: string }) => d.reason,
    },
    timeoutMs: o.timeoutMs,
    undo: {
      name: REFUND_PAYMENT,
      run: async (s, ctx, failure) => {
        const reason = o.refundReason?.(s, failure) ?? failure.reason;
        await ctx.publish(ReembolsoSolicitar, { paymentId: o.charge(s).paymentId, reason: reason.slice(0, 500) });
        await o.onRefund?.(s, ctx, failure);
      },
    },
  };
}
