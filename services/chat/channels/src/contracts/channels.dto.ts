import { IsoDateTime, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** The longest post text, in characters. */
export const MAX_POST_TEXT = 4_000;
/** The highest monthly price of a paid channel, in PEN cents. */
export const MAX_MONTHLY_PRICE = 1_000_000;

const Title = SafeText.pipe(z.string().trim().min(1).max(200));
const Description = SafeText.pipe(z.string().trim().max(2_000));
const PostText = SafeText.pipe(z.string().trim().min(1).max(MAX_POST_TEXT));

export const ChannelParams = z.object({ id: z.uuid() });

/** A channel; `monthlyPriceCents` (PEN cents) makes it a paid channel whose posts only paying subscribers read. */
export const CreateChannelBody = z.object({
  title: Title,
  description: Description.default(''),
  monthlyPriceCents: z.number().int().min(100).max(MAX_MONTHLY_PRICE).optional(),
});
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

export const ChannelCreated = z.object({ id: z.uuid() });
export type ChannelCreated = z.infer<typeof ChannelCreated>;

/**
 * A subscription as its subscriber sees it. `status`: `active` (free channel, or a paid period
 * running), `pending_payment` (the first charge is under way), `renewing` (the next period's
 * charge is under way; the paid period still runs), `payment_failed` (the last charge failed).
 * `paidUntil`: the end of the paid period (paid channels); `cancelledAt`: the subscriber cancelled,
 * the period is not renewed and access ends at `paidUntil`.
 */
export const SubscriptionStatus = z.enum(['active', 'pending_payment', 'renewing', 'payment_failed']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

export const SubscriptionView = z.object({
  channelId: z.uuid(),
  userId: z.uuid(),
  muted: z.boolean(),
  status: SubscriptionStatus,
  paidUntil: IsoDateTime.nullable(),
  cancelledAt: IsoDateTime.nullable(),
  /** The caller may read the channel's posts now. */
  hasAccess: z.boolean(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const ChannelView = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  title: z.string(),
  description: z.string(),
  /** Null for a free channel. */
  monthlyPriceCents: z.number().int().nullable(),
  subscribers: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  /** The caller's subscription, when any. */
  subscription: SubscriptionView.nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ChannelListQuery = z.infer<typeof ChannelListQuery>;

export const ChannelList = z.object({ items: z.array(ChannelView) });
export type ChannelList = z.infer<typeof ChannelList>;

export const CreatePostBody = z.object({ text: PostText });
export type CreatePostBody = z.infer<typeof CreatePostBody>;

export const PostCreated = z.object({ id: z.uuid(), createdAt: IsoDateTime });
export type PostCreated = z.infer<typeof PostCreated>;

export const PostView = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  authorId: z.uuid(),
  text: z.string(),
  createdAt: IsoDateTime,
});
export type PostView = z.infer<typeof PostView>;

/** Newest first; `before`: the page of posts older than that time (a post's `createdAt`). */
export const PostsQuery = z.object({
  before: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PostsQuery = z.infer<typeof PostsQuery>;

export const PostsPage = z.object({ items: z.array(PostView), hasMore: z.boolean() });
export type PostsPage = z.infer<typeof PostsPage>;

export const FeedItem = PostView.extend({ channelTitle: z.string() });
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedPage = z.object({ items: z.array(FeedItem), hasMore: z.boolean() });
export type FeedPage = z.infer<typeof FeedPage>;

/**
 * Subscribe (or change `muted` of a subscription). A paid channel without a running period
 * needs `paymentMethod` (a sandbox card `pm_card_visa`, or a PayPal vault id with `provider`):
 * the first month is charged through payments and access starts when the provider's webhook
 * confirms it; the same method renews each period.
 */
export const SubscribeBody = z.object({
  muted: z.boolean().optional(),
  paymentMethod: z.string().trim().min(1).max(200).optional(),
});
export type SubscribeBody = z.infer<typeof SubscribeBody>;

/** Marks the caller's channel notifications up to a time as seen (they leave the email digest). */
export const FeedSeenBody = z.object({ upTo: IsoDateTime });
export type FeedSeenBody = z.infer<typeof FeedSeenBody>;
