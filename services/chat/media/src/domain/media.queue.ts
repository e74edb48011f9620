import type { PriorityLevel } from '@coordina/platform';
import type { MediaKind } from '../contracts/media.dto';

/** The processing queue (pg-boss in chat-media's database). */
export const MEDIA_QUEUE = 'chat-media.process';

export interface ProcessJob {
  mediaId: string;
}

/**
 * Pictures are quick and most wanted, so they go first; a sound next; a video, which takes
 * longest, last. Aging (decision 0006) keeps a video from waiting forever behind pictures.
 */
export const PRIORITY: Record<MediaKind, PriorityLevel> = { image: 'high', audio: 'normal', video: 'low' };

/** The key of a media's original in the store. */
export const originalKey = (mediaId: string) => `${mediaId}/original`;
export const variantKey = (mediaId: string, name: string) => `${mediaId}/${name}`;
