import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { Currency } from './events';

export const PaymentStatuses = [
  'PENDING',
  'AUTHORIZED',
  'FAILED',
  'REFUNDING',
  'REFUNDED',
  'VOIDED',
  'CANCELED',
] as const;

/** A payment as its owner (or a platform admin) sees it. Amounts are in minor units (cents). */
export const PaymentView = z.object({
  id: z.uuid(),
  status: z.enum(PaymentStatuses),
  amount: z.number().int().nullable(),
  currency: Currency.nullable(),
  provider: z.string(),
  reference: z.string().nullable(),
  createdAt: IsoDateTime,
  refundedAmount: z.number().int(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const RefundBody = z.object({
  /** Cents to give back; absent: all that is left of the captured amount. */
  amount: z.number().int().positive().optional(),
  reason: z.string().trim().min(1).max(500),
});
export type RefundBody = z.infer<typeof RefundBody>;

/** A refund an admin asked for, with the payment after it. */
export const RefundView = z.object({
  id: z.uuid(),
  paymentId: z.uuid(),
  amount: z.number().int().positive(),
  reason: z.string(),
  createdAt: IsoDateTime,
  payment: PaymentView,
});
export type RefundView = z.infer<typeof RefundView>;

/** The payment's transaction log: every state change, in order, as appended (never changed). */
export const PaymentLogView = z.object({
  paymentId: z.uuid(),
  entries: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      detail: z.record(z.string(), z.unknown()),
      at: IsoDateTime,
    }),
  ),
});
export type PaymentLogView = z.infer<typeof PaymentLogView>;

/** Where provider webhooks arrive: the card providers (Stripe format), PayPal, Yape and Plin. */
export const WebhookProviders = ['sandbox', 'stripe', 'paypal', 'yape', 'plin'] as const;
export type WebhookProvider = (typeof WebhookProviders)[number];
export const WebhookParams = z.object({ provider: z.enum(WebhookProviders) });
export type WebhookParams = z.infer<typeof WebhookParams>;

/** What a provider gets back: 2xx means "stop retrying". */
export const WebhookAck = z.object({
  received: z.literal(true),
  duplicate: z.boolean().optional(),
  ignored: z.boolean().optional(),
});
export type WebhookAck = z.infer<typeof WebhookAck>;
