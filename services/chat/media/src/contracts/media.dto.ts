import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';

/** What an upload is, read from its bytes: a picture, a video or a sound. */
export const MediaKind = z.enum(['image', 'video', 'audio']);
export type MediaKind = z.infer<typeof MediaKind>;

/** pending → processing → ready, or failed (parked with its reason until an operator retries it). */
export const MediaStatus = z.enum(['pending', 'processing', 'ready', 'failed']);
export type MediaStatus = z.infer<typeof MediaStatus>;

/** The names of the files processing makes: a picture's `image` and `thumbnail`, a video's `video` and `poster`, a sound's `audio`. */
export const VariantName = z.enum(['image', 'thumbnail', 'video', 'poster', 'audio']);
export type VariantName = z.infer<typeof VariantName>;

export const MediaParams = z.object({ id: z.uuid() });
export const VariantParams = z.object({ id: z.uuid(), variant: VariantName });

export const MediaAccepted = z.object({ id: z.uuid(), status: MediaStatus });
export type MediaAccepted = z.infer<typeof MediaAccepted>;

export const MediaVariant = z.object({
  name: VariantName,
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  /** GET through the gateway, with the same access as the media (uploader, members of its conversations). */
  url: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type MediaVariant = z.infer<typeof MediaVariant>;

export const MediaView = z.object({
  id: z.uuid(),
  kind: MediaKind,
  status: MediaStatus,
  /** Why processing failed (status `failed`). */
  reason: z.string().nullable(),
  variants: z.array(MediaVariant),
  uploadedBy: z.uuid(),
  createdAt: IsoDateTime,
  processedAt: IsoDateTime.nullable(),
});
export type MediaView = z.infer<typeof MediaView>;
