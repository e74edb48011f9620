import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/**
 * What ads reads to learn which channels a user follows (decision 0087): `suscripcion.creada`
 * when a user subscribes to a channel and `suscripcion.eliminada` when they unsubscribe, as the
 * channels service (chat-channels) is to publish them. Tolerant on purpose: only `channelId`
 * and `userId` are read, other fields are ignored. When channels' contracts are on main, ads
 * may subscribe to those instead; they must carry at least these two fields.
 */
export const SuscripcionCreada = defineEvent({
  topic: 'suscripcion.creada',
  version: 1,
  key: (d) => d.channelId,
  description: 'A user subscribed to a chat channel (as ads reads it, to target by channels followed).',
  schema: z.looseObject({ channelId: z.uuid(), userId: z.uuid() }),
});

/** What ads reads of an unsubscription: the user no longer follows the channel. */
export const SuscripcionEliminada = defineEvent({
  topic: 'suscripcion.eliminada',
  version: 1,
  key: (d) => d.channelId,
  description: 'A user unsubscribed from a chat channel (as ads reads it: the follow ends).',
  schema: z.looseObject({ channelId: z.uuid(), userId: z.uuid() }),
});
