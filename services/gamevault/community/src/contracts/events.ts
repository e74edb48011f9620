import { defineEvent, IsoDateTime } from '@coordina/platform';
import { z } from 'zod';

/**
 * A review passed moderation (the worker, or a moderator) and is public; the catalog counts
 * its rating into the product's average. Sent again after an edit is approved (the same
 * review id: the catalog replaces the rating it had).
 */
export const ResenaAprobada = defineEvent({
  topic: 'resena.aprobada',
  version: 1,
  key: (d) => d.productId,
  description: "A GameVault review was approved; the catalog updates the product's average rating and count.",
  schema: z.object({
    reviewId: z.uuid(),
    productId: z.uuid(),
    authorId: z.uuid(),
    sellerId: z.uuid().nullable(),
    rating: z.number().int().min(1).max(5),
    at: IsoDateTime,
  }),
});

/** An approved review left the public list (its author edited or deleted it, or an admin deleted it). */
export const ResenaRetirada = defineEvent({
  topic: 'resena.retirada',
  version: 1,
  key: (d) => d.productId,
  description: "An approved GameVault review was edited or deleted; the catalog takes it out of the product's rating.",
  schema: z.object({
    reviewId: z.uuid(),
    productId: z.uuid(),
    reason: z.enum(['edited', 'deleted']),
    at: IsoDateTime,
  }),
});
