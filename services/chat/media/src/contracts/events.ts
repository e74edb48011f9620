import { defineEvent, IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { MediaKind, MediaVariant } from './media.dto';

/**
 * A media finished processing: its variants are ready. `memberIds` are the members of the
 * conversations whose messages carry it so far (with the uploader), for realtime to tell them;
 * messaging marks its messages' media ready.
 */
export const MediaProcesada = defineEvent({
  topic: 'media.procesada',
  version: 1,
  key: (d) => d.mediaId,
  description:
    'A chat media (picture, video or sound) was processed; its variants are ready. Lists the members to tell (uploader and members of the conversations carrying it).',
  schema: z.object({
    mediaId: z.uuid(),
    kind: MediaKind,
    uploadedBy: z.uuid(),
    variants: z.array(MediaVariant),
    conversationIds: z.array(z.uuid()),
    memberIds: z.array(z.uuid()),
    at: IsoDateTime,
  }),
});
