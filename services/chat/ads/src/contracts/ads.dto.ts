import { IsoDateTime, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** A lower-case slug: an interest (`futbol`), a placement (`chat-list`). */
const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens')
  .max(40);
/** A BCP 47 language tag, stored lower-case: `es`, `es-pe`, `en`. */
export const LocaleTag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a language tag such as es or es-PE');
const Cents = z.number().int().nonnegative().max(1_000_000_000);
const uniq = <T>(xs: T[]) => [...new Set(xs)];

export const Pricing = z.enum(['impression', 'click']);
export type Pricing = z.infer<typeof Pricing>;

/** What the user sees. */
export const Creative = z.object({
  title: SafeText.pipe(z.string().trim().min(1).max(80)),
  text: SafeText.pipe(z.string().trim().min(1).max(280)),
  targetUrl: z.url({ protocol: /^https?$/ }).max(2000),
});
export type Creative = z.infer<typeof Creative>;

/** Who sees it; an empty list (or none) matches everyone on that dimension. */
export const Targeting = z.object({
  interests: z.array(Slug).max(20).default([]).transform(uniq),
  channelIds: z.array(z.uuid()).max(50).default([]).transform(uniq),
  locales: z.array(LocaleTag).max(20).default([]).transform(uniq),
});
export type Targeting = z.infer<typeof Targeting>;

export const CreateCampaignBody = z
  .object({
    creative: Creative,
    targeting: Targeting.default({ interests: [], channelIds: [], locales: [] }),
    /** Where it may show (`chat-list`, `channel-feed`...); anywhere when empty. */
    placements: z.array(Slug).max(20).default([]).transform(uniq),
    /** The most the campaign may spend, PEN cents. */
    budgetCents: Cents.min(1),
    /** What is charged: each impression, or each click. */
    pricing: Pricing,
    /** The price of one impression or one click (per `pricing`), PEN cents. */
    priceCents: Cents.min(1),
    /** The most impressions one user gets of this campaign per day (Lima). */
    frequencyCap: z.number().int().min(1).max(1000),
    startsAt: IsoDateTime.optional(),
    endsAt: IsoDateTime.optional(),
  })
  .refine((b) => b.priceCents <= b.budgetCents, { path: ['priceCents'], message: 'must not exceed budgetCents' })
  .refine((b) => !b.endsAt || Date.parse(b.endsAt) > Date.parse(b.startsAt ?? new Date().toISOString()), {
    path: ['endsAt'],
    message: 'must be after startsAt (or now)',
  });
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

export const CampaignStatus = z.enum(['active', 'paused']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const CampaignView = z.object({
  id: z.uuid(),
  advertiserId: z.uuid(),
  creative: Creative,
  targeting: z.object({
    interests: z.array(z.string()),
    channelIds: z.array(z.uuid()),
    locales: z.array(z.string()),
  }),
  placements: z.array(z.string()),
  budgetCents: Cents,
  spentCents: Cents,
  pricing: Pricing,
  priceCents: Cents,
  frequencyCap: z.number().int(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime.nullable(),
  status: CampaignStatus,
  /** The budget left cannot pay one more impression or click: it is no longer shown. */
  exhausted: z.boolean(),
  createdAt: IsoDateTime,
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignParams = z.object({ id: z.uuid() });
export const CampaignList = z.object({ items: z.array(CampaignView) });
export type CampaignList = z.infer<typeof CampaignList>;

/** What ads knows of a user to target them: interests and locale they set, channels they follow (from events). */
export const ProfileBody = z.object({
  interests: z.array(Slug).max(50).transform(uniq),
  /** Preferred over the request's Accept-Language. */
  locale: LocaleTag.nullable().optional(),
});
export type ProfileBody = z.infer<typeof ProfileBody>;

export const ProfileView = z.object({
  interests: z.array(z.string()),
  locale: z.string().nullable(),
  channelIds: z.array(z.uuid()),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const NextAdQuery = z.object({
  placement: Slug,
  /**
   * The client's own id for this ad request: asked again (a retry), it answers the same ad and
   * token without a second impression. Each request without one is a new impression.
   */
  requestId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.:-]+$/, 'letters, digits, _ . : -')
    .optional(),
});
export type NextAdQuery = z.infer<typeof NextAdQuery>;

/** An ad served: its impression was recorded once; `token` names that impression (for its click). */
export const AdView = z.object({
  id: z.uuid(),
  token: z.uuid(),
  placement: z.string(),
  title: z.string(),
  text: z.string(),
  targetUrl: z.string(),
});
export type AdView = z.infer<typeof AdView>;

/** The ad; nothing when none fits (answered 204, the route's `orNoContent`). */
export const NextAd = AdView.optional();

export const ClickParams = z.object({ id: z.uuid() });
export const ClickBody = z.object({ token: z.uuid() });
export type ClickBody = z.infer<typeof ClickBody>;
export const ClickView = z.object({
  targetUrl: z.string(),
  /** False when this impression's click had been recorded before (this one changed nothing). */
  recorded: z.boolean(),
});
export type ClickView = z.infer<typeof ClickView>;
