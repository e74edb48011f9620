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
