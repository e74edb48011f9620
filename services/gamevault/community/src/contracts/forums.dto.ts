import { IsoDateTime, Pagination, SafeText } from '@coordina/platform';
import { z } from 'zod';

const Title = SafeText.pipe(z.string().trim().min(1).max(200));
const Body = SafeText.pipe(z.string().trim().min(1).max(10_000));

/** A thread about a product, or a general one (`productId` absent). */
export const CreateThreadBody = z.object({ title: Title, body: Body, productId: z.uuid().optional() });
export type CreateThreadBody = z.infer<typeof CreateThreadBody>;

export const UpdateThreadBody = z
  .object({ title: Title.optional(), body: Body.optional() })
  .refine((b) => b.title !== undefined || b.body !== undefined, { message: 'nothing to change', path: ['title'] });
export type UpdateThreadBody = z.infer<typeof UpdateThreadBody>;

export const ThreadView = z.object({
  id: z.uuid(),
  productId: z.uuid().nullable(),
  authorId: z.uuid(),
  title: z.string(),
  body: z.string(),
  postCount: z.number().int().nonnegative(),
  lastPostAt: IsoDateTime,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ThreadView = z.infer<typeof ThreadView>;

/** Threads, most recently active first; `productId` for a product's, `general=true` for the general forum. */
export const ThreadQuery = Pagination.extend({
  productId: z.uuid().optional(),
  general: z.enum(['true', 'false']).optional(),
});
export type ThreadQuery = z.infer<typeof ThreadQuery>;

export const ThreadPage = z.object({
  items: z.array(ThreadView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ThreadPage = z.infer<typeof ThreadPage>;

export const PostBody = z.object({ body: Body });
export type PostBody = z.infer<typeof PostBody>;

export const PostView = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  authorId: z.uuid(),
  body: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type PostView = z.infer<typeof PostView>;

export const PostPage = z.object({
  items: z.array(PostView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PostPage = z.infer<typeof PostPage>;
