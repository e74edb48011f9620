import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

export const SalonesActualizaciones = defineEvent({
  topic: 'salones.actualizaciones',
  version: 1,
  key: (d) => d.salonId,
  description: 'A salon, its services, stylists or hours changed; caches of it must be invalidated.',
  schema: z.object({
    salonId: z.uuid(),
    change: z.enum(['salon.created', 'salon.updated', 'service.upserted', 'stylist.upserted', 'hours.updated']),
    at: z.iso.datetime({ offset: true }),
  }),
});
