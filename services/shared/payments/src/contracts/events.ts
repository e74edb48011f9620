import { defineEvent, type EventContract } from '@coordina/platform';
import { z } from 'zod';

export const Currency = z.enum(['PEN', 'USD']);

/** Which payment, for which saga, charged to whom: the head of the charge's events. */
const PaymentRef = {
  paymentId: z.uuid(),
  sagaId: z.uuid(),
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
  schema: z.object({
    ...PaymentRef,
    amount: z.number().int().positive(),
    currency: Currency,
    paymentMethod: z.string().min(1).max(100),
    reference: z.string().min(1).max(200),
    description: z.string().max(500).optional(),
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
