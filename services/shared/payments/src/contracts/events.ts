import { defineEvent, type EventContract } from '@coordina/platform';
import { z } from 'zod';

export const Currency = z.enum(['PEN', 'USD']);

/** The payment providers a charge can ask for; `card` (Stripe-format) when none is named. */
export const PaymentProviderNames = ['card', 'paypal', 'yape', 'plin'] as const;
export const PaymentProviderName = z.enum(PaymentProviderNames);
export type PaymentProviderName = z.infer<typeof PaymentProviderName>;

/** The wallets paid by phone and the one-time approval code from the buyer's app (Yape, Plin). */
export const PhoneWalletProviders = ['yape', 'plin'] as const;

/**
 * A Yape or Plin payment, as aggregators take it: the buyer's Peruvian mobile number (9
 * digits, starting with 9) and the 6-digit approval code their app shows. The code is
 * single-use and short-lived; payments never stores it.
 */
export const PhoneApproval = z.object({
  phone: z.string().regex(/^9\d{8}$/, 'a Peruvian mobile number: 9 digits starting with 9'),
  approvalCode: z.string().regex(/^\d{6}$/, 'the 6-digit approval code'),
});
export type PhoneApproval = z.infer<typeof PhoneApproval>;

/**
 * Which payment, for which saga, charged to whom: the head of the charge's events. `saga` names
 * the saga that asked (its definition's name, e.g. `instudio.booking`): sent on the command,
 * stored with the payment and echoed on its replies, so another saga's reply group skips them
 * without a transaction (decision 0117). Optional: commands and replies without it stay valid.
 */
const PaymentRef = {
  paymentId: z.uuid(),
  sagaId: z.uuid(),
  saga: z.string().min(1).max(100).optional(),
  userId: z.uuid(),
};

/** Every payments event is at version 1 and keyed by its payment, so one payment's events keep their order. */
function paymentEvent<S extends z.ZodObject<{ paymentId: z.ZodUUID }>>(c: {
  topic: string;
  description: string;
  schema: S;
}): EventContract<S> {
  return defineEvent({ ...c, version: 1, key: (d) => (d as { paymentId: string }).paymentId });
}

/** Command: charge a payment method. `paymentId` is chosen by the requester and is the idempotency key. */
export const PagoSolicitar = paymentEvent({
  topic: 'pago.solicitar',
  description: 'A service asks payments to charge a payment method (a saga command).',
  schema: z
    .object({
      ...PaymentRef,
      amount: z.number().int().positive(),
      currency: Currency,
      /** Absent: `card`. */
      provider: PaymentProviderName.optional(),
      /** card: a payment method id; paypal: the buyer's vault id; yape, plin: phone and approval code. */
      paymentMethod: z.union([z.string().min(1).max(100), PhoneApproval]),
      reference: z.string().min(1).max(200),
      description: z.string().max(500).optional(),
      /** The IGV (Peru's 18% sales tax) included in `amount`, when the requester computed it (receipts show it). */
      igvCents: z.number().int().nonnegative().optional(),
    })
    .superRefine((d, ctx) => {
      if (d.igvCents !== undefined && d.igvCents >= d.amount) {
        ctx.addIssue({ code: 'custom', path: ['igvCents'], message: 'the IGV is part of the amount' });
      }
      const wallet = (PhoneWalletProviders as readonly string[]).includes(d.provider ?? 'card');
      if (wallet !== (typeof d.paymentMethod === 'object')) {
        ctx.addIssue({
          code: 'custom',
          path: ['paymentMethod'],
          message: wallet ? 'yape and plin take {phone, approvalCode}' : 'card and paypal take a payment method id',
        });
      }
    }),
});

export const PagoAutorizado = paymentEvent({
  topic: 'pago.autorizado',
  description: 'The provider confirmed the charge by webhook.',
  schema: z.object({
    ...PaymentRef,
    amount: z.number().int().positive(),
    currency: Currency,
    provider: z.string(),
    providerRef: z.string(),
    reference: z.string(),
  }),
});

export const PagoFallido = paymentEvent({
  topic: 'pago.fallido',
  description: 'The provider declined the charge, or it could not be attempted.',
  schema: z.object({
    ...PaymentRef,
    reason: z.string(),
    reference: z.string(),
  }),
});

/** Command: refund (or void, if still pending) a payment. Idempotent per paymentId. */
export const ReembolsoSolicitar = paymentEvent({
  topic: 'reembolso.solicitar',
  description: 'A service asks payments to refund a payment in full, or to void it if it is still pending.',
  schema: z.object({
    paymentId: z.uuid(),
    reason: z.string().max(500),
  }),
});

export const PagoReembolsado = paymentEvent({
  topic: 'pago.reembolsado',
  description: 'A payment was refunded (or voided before capture: amount 0).',
  schema: z.object({
    paymentId: z.uuid(),
    userId: z.uuid(),
    amount: z.number().int().nonnegative(),
    currency: Currency,
    reference: z.string(),
    reason: z.string(),
  }),
});

/** A part of a captured payment was refunded by an admin (a full refund is pago.reembolsado). */
export const PagoParcialmenteReembolsado = paymentEvent({
  topic: 'pago.parcialmente-reembolsado',
  description: 'An admin refunded part of a captured payment; the payment stays captured for the rest.',
  schema: z.object({
    paymentId: z.uuid(),
    refundId: z.uuid(),
    userId: z.uuid(),
    /** This refund, in cents. */
    amount: z.number().int().positive(),
    /** Every refund of the payment so far, this one included. */
    refundedTotal: z.number().int().positive(),
    currency: Currency,
    reference: z.string(),
    reason: z.string(),
  }),
});
