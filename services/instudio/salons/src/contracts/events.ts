import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

export const SalonesActualizaciones = defineEvent({
  topic: 'salones.actualizaciones',
  version: 1,
  key: (d) => d.salonId,
  description: 'A salon, its services, stylists or hours changed; caches of it must be invalidated.',
  schema: z.object({
    salonId: z.uuid(),
    change: z.enum([
      'salon.created',
      'salon.updated',
      'service.upserted',
      'stylist.upserted',
      'hours.updated',
      'promotion.upserted',
      'rating.updated',
    ]),
    at: z.iso.datetime({ offset: true }),
  }),
});

/** A promotion became active (created or re-enabled); notifications announce it through the priority queue. */
export const PromocionPublicada = defineEvent({
  topic: 'promocion.publicada',
  version: 1,
  key: (d) => d.promotionId,
  description: 'A salon published a promotion.',
  schema: z.object({
    promotionId: z.uuid(),
    salonId: z.uuid(),
    salonName: z.string(),
    name: z.string(),
    discountPercent: z.number().int(),
    validTo: z.iso.date(),
    at: z.iso.datetime({ offset: true }),
  }),
});
