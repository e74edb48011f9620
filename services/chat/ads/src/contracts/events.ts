import { defineEvent, IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { Pricing } from './ads.dto';

/** A campaign was created (analytics labels its reports with the title). */
export const CampanaCreada = defineEvent({
  topic: 'campana.creada',
  version: 1,
  key: (d) => d.campaignId,
  description: 'An advertiser created an ad campaign (title, budget and pricing).',
  schema: z.object({
    campaignId: z.uuid(),
    advertiserId: z.uuid(),
    title: z.string(),
    budgetCents: z.number().int(),
    pricing: Pricing,
    priceCents: z.number().int(),
    at: IsoDateTime,
  }),
});

/** A campaign was paused by its advertiser or an admin. */
export const CampanaPausada = defineEvent({
  topic: 'campana.pausada',
  version: 1,
  key: (d) => d.campaignId,
  description: 'An ad campaign was paused: it is no longer shown.',
  schema: z.object({ campaignId: z.uuid(), advertiserId: z.uuid(), at: IsoDateTime }),
});

/** One impression, recorded once (its id is the token the client clicks with). */
export const ImpresionRegistrada = defineEvent({
  topic: 'impresion.registrada',
  version: 1,
  key: (d) => d.campaignId,
  description: 'An ad was shown to a user at a placement (recorded once; charged for impression pricing).',
  schema: z.object({
    impressionId: z.uuid(),
    campaignId: z.uuid(),
    advertiserId: z.uuid(),
    userId: z.uuid(),
    placement: z.string(),
    /** What the impression cost the campaign, PEN cents (0 for click pricing). */
    costCents: z.number().int().nonnegative(),
    at: IsoDateTime,
  }),
});

/** The first click on an impression (a repeat is not announced). */
export const ClicRegistrado = defineEvent({
  topic: 'clic.registrado',
  version: 1,
  key: (d) => d.campaignId,
  description: 'A user clicked an ad they were shown (once per impression; charged for click pricing).',
  schema: z.object({
    impressionId: z.uuid(),
    campaignId: z.uuid(),
    advertiserId: z.uuid(),
    userId: z.uuid(),
    placement: z.string(),
    /** What the click cost the campaign, PEN cents (0 for impression pricing, or when the budget was spent). */
    costCents: z.number().int().nonnegative(),
    at: IsoDateTime,
  }),
});
