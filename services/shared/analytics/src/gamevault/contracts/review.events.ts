import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/**
 * What analytics reads from `resena.aprobada`, the community service's "a review of a product
 * was approved" (sent again when an edit is approved), not on main when this was written
 * (decision 0069). Tolerant on purpose: fields it does not name (`authorId`...) are ignored,
 * `reviewId` falls back to the event id and `at` to the event's time; `sellerId` and `console`
 * are used only for products analytics has not seen. When community's contract is on main,
 * analytics may subscribe to that one instead; this is what it must at least carry.
 */
export const ResenaAprobada = defineEvent({
  topic: 'resena.aprobada',
  version: 1,
  key: (d) => d.productId,
  description: 'A GameVault product review was approved (as analytics reads it, for satisfaction reports).',
  schema: z.looseObject({
    reviewId: z.string().min(1).max(100).optional(),
    productId: z.uuid(),
    /** Stars, 1 to 5. */
    rating: z.number().int().min(1).max(5),
    userId: z.string().max(100).optional(),
    sellerId: z.string().max(100).nullish(),
    console: z.string().max(50).nullish(),
    at: z.iso.datetime({ offset: true }).optional(),
  }),
});

/** What analytics reads from `resena.retirada`: an approved review left the public list (edited or deleted). */
export const ResenaRetirada = defineEvent({
  topic: 'resena.retirada',
  version: 1,
  key: (d) => d.productId,
  description: 'An approved GameVault review was withdrawn (as analytics reads it: it no longer counts).',
  schema: z.looseObject({
    reviewId: z.string().min(1).max(100),
    productId: z.uuid(),
    at: z.iso.datetime({ offset: true }).optional(),
  }),
});
