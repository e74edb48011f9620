import { IsoDateTime, Pagination } from '@coordina/platform';
import { z } from 'zod';

export const CreateReviewBody = z.object({
  rating: z.number().int().min(1).max(5),
  text: z.string().trim().max(2000).default(''),
});
export type CreateReviewBody = z.infer<typeof CreateReviewBody>;

export const ReplyBody = z.object({ text: z.string().trim().min(1).max(2000) });
export type ReplyBody = z.infer<typeof ReplyBody>;

export const ReviewReply = z.object({ text: z.string(), userId: z.uuid(), createdAt: IsoDateTime });

/** A client's review of a completed booking, with the salon's reply if any. */
export const ReviewView = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  salonId: z.uuid(),
  userId: z.uuid(),
  serviceId: z.uuid(),
  rating: z.number().int().min(1).max(5),
  text: z.string(),
  createdAt: IsoDateTime,
  reply: ReviewReply.nullable(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const ReviewsQuery = Pagination;
export type ReviewsQuery = z.infer<typeof ReviewsQuery>;

export const ReviewPage = z.object({
  items: z.array(ReviewView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReviewPage = z.infer<typeof ReviewPage>;
