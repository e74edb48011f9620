import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

export const Currency = z.enum(['PEN', 'USD']);

/** Command: charge a payment method. `paymentId` is chosen by the requester and is the idempotency key. */
export const PagoSolicitar = defineEvent({
  topic: 'pago.solicitar',
  version: 1,
  key: (d) => d.paymentId,
  description: 'A service asks payments to charge a payment method (a saga command).',
  schema: z.object({
    paymentId: z.uuid(),
    sagaId: z.uuid(),
    userId: z.uuid(),
    amount: z.number().int().positive(),
    currency: Currency,
    paymentMethod: z.string().min(1).max(100),
    reference: z.string().min(1).max(200),
    description: z.string().max(500).optional(),
  }),
});

export const PagoAutorizado = defineEvent({
  topic: 'pago.autorizado',
  version: 1,
  key: (d) => d.paymentId,
  description: 'The provider confirmed the charge by webhook.',
  schema: z.object({
    paymentId: z.uuid(),
    sagaId: z.uuid(),
    userId: z.uuid(),
    amount: z.number().int().positive(),
    currency: Currency,
    provider: z.string(),
    providerRef: z.string(),
    reference: z.string(),
  }),
});

export const PagoFallido = defineEvent({
  topic: 'pago.fallido',
  version: 1,
  key: (d) => d.paymentId,
  description: 'The provider declined the charge, or it could not be attempted.',
  schema: z.object({
    paymentId: z.uuid(),
    sagaId: z.uuid(),
    userId: z.uuid(),
    reason: z.string(),
    reference: z.string(),
  }),
});

/** Command: refund (or void, if still pending) a payment. Idempotent per paymentId. */
export const ReembolsoSolicitar = defineEvent({
  topic: 'reembolso.solicitar',
  version: 1,
  key: (d) => d.paymentId,
  description: 'A service asks payments to refund a payment in full, or to void it if it is still pending.',
  schema: z.object({
    paymentId: z.uuid(),
    reason: z.string().max(500),
  }),
});

export const PagoReembolsado = defineEvent({
  topic: 'pago.reembolsado',
  version: 1,
  key: (d) => d.paymentId,
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
