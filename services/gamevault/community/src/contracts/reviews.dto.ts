import { IsoDateTime, Pagination, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** The longest review (seed 001: 10,000 characters). */
export const REVIEW_MAX_CHARS = 10_000;

/**
 * A review's life: `pending` until the moderation worker reads it; `approved` (public, counted
 * in the product's rating) or `flagged` (a blacklisted word: waits in the moderators' queue);
 * a moderator approves or `rejected`s a flagged one. An edit sends it back to `pending`.
 */
export const ReviewStatuses = ['pending', 'approved', 'flagged', 'rejected'] as const;
export const ReviewStatus = z.enum(ReviewStatuses);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

const Rating = z.number().int().min(1).max(5);
const ReviewText = SafeText.pipe(z.string().trim().min(1).max(REVIEW_MAX_CHARS));
const ShortText = SafeText.pipe(z.string().trim().min(1).max(5_000));

export const ProductReviewParams = z.object({ id: z.uuid() });

export const CreateReviewBody = z.object({ rating: Rating, text: ReviewText });
export type CreateReviewBody = z.infer<typeof CreateReviewBody>;

export const UpdateReviewBody = z
  .object({ rating: Rating.optional(), text: ReviewText.optional() })
  .refine((b) => b.rating !== undefined || b.text !== undefined, { message: 'nothing to change', path: ['text'] });
export type UpdateReviewBody = z.infer<typeof UpdateReviewBody>;

export const ReviewView = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  authorId: z.uuid(),
  rating: Rating,
  text: z.string(),
  status: ReviewStatus,
  helpfulCount: z.number().int().nonnegative(),
  replyCount: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ReviewView = z.infer<typeof ReviewView>;

/**
 * The caller and a product's reviews: whether they may write one now (a kept purchase and no
 * review yet) and their own review in any status (pending, approved...), if they wrote one.
 */
export const MyReview = z.object({ canReview: z.boolean(), review: ReviewView.nullable() });
export type MyReview = z.infer<typeof MyReview>;

/** The public list of a product's approved reviews, by rating: newest first, most helpful, best (`rating`) or worst rated first. */
export const ReviewListQuery = Pagination.extend({
  rating: z.coerce.number().int().min(1).max(5).optional(),
  sort: z.enum(['newest', 'helpful', 'rating', 'rating-asc']).default('newest'),
});
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

export const ReviewPage = z.object({
  items: z.array(ReviewView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReviewPage = z.infer<typeof ReviewPage>;

export const HelpfulVote = z.object({ reviewId: z.uuid(), helpfulCount: z.number().int().nonnegative() });
export type HelpfulVote = z.infer<typeof HelpfulVote>;

export const ReplyBody = z.object({ text: ShortText });
export type ReplyBody = z.infer<typeof ReplyBody>;

export const ReplyView = z.object({
  id: z.uuid(),
  reviewId: z.uuid(),
  authorId: z.uuid(),
  text: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ReplyView = z.infer<typeof ReplyView>;

export const ReplyPage = z.object({
  items: z.array(ReplyView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReplyPage = z.infer<typeof ReplyPage>;

/** A seller's rating: the average of the approved reviews of the products they sell. */
export const SellerRating = z.object({
  sellerId: z.uuid(),
  rating: z.number().nullable(),
  ratingCount: z.number().int().nonnegative(),
});
export type SellerRating = z.infer<typeof SellerRating>;

/** The moderators' queue: flagged reviews by default, oldest first. */
export const ModerationQuery = Pagination.extend({ status: ReviewStatus.default('flagged') });
export type ModerationQuery = z.infer<typeof ModerationQuery>;

export const RejectBody = z.object({ reason: SafeText.pipe(z.string().trim().min(1).max(500)) });
export type RejectBody = z.infer<typeof RejectBody>;
