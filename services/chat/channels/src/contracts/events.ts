import { defineEvent, IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { PostView } from './channels.dto';

/** A channel was created (free when `monthlyPriceCents` is null). */
export const CanalCreado = defineEvent({
  topic: 'canal.creado',
  version: 1,
  key: (d) => d.channelId,
  description: 'A chat channel was created by its owner; a price makes it a paid channel.',
  schema: z.object({
    channelId: z.uuid(),
    ownerId: z.uuid(),
    title: z.string(),
    monthlyPriceCents: z.number().int().nullable(),
    at: IsoDateTime,
  }),
});

/** The owner published a post (stored once; subscribers are told in batches by publicacion.notificada). */
export const PublicacionCreada = defineEvent({
  topic: 'publicacion.creada',
  version: 1,
  key: (d) => d.post.channelId,
  description: "A post was published in a chat channel; its subscribers' notifications follow in batches.",
  schema: z.object({ post: PostView, channelTitle: z.string(), at: IsoDateTime }),
});

/**
 * One batch of a post's fan-out: these subscribers (not muted, with access) are to be told of
 * the post, each exactly once (a user appears in one batch of a post at most). Realtime forwards
 * it to the sockets of `userIds`.
 */
export const PublicacionNotificada = defineEvent({
  topic: 'publicacion.notificada',
  version: 1,
  key: (d) => d.channelId,
  description:
    "A batch of a channel post's subscribers to notify (feed and socket); each subscriber is in one batch of a post.",
  schema: z.object({
    postId: z.uuid(),
    channelId: z.uuid(),
    channelTitle: z.string(),
    /** The post's text, cut to 280 characters. */
    excerpt: z.string(),
    userIds: z.array(z.uuid()).min(1),
    /** This batch's number (0, 1, ...) in the post's fan-out. */
    batch: z.number().int().nonnegative(),
    at: IsoDateTime,
  }),
});

/** A paid period started or was renewed. */
export const SuscripcionRenovada = defineEvent({
  topic: 'suscripcion.renovada',
  version: 1,
  key: (d) => d.channelId,
  description: "A paid channel subscription's period was paid (first month or renewal); access runs until paidUntil.",
  schema: z.object({
    channelId: z.uuid(),
    userId: z.uuid(),
    paymentId: z.uuid(),
    amountCents: z.number().int().positive(),
    paidUntil: IsoDateTime,
    at: IsoDateTime,
  }),
});

/**
 * A subscriber's unseen channel posts, gathered once per digest period while the subscriber did
 * not read them: notifications emails them.
 */
export const ResumenCanalesPreparado = defineEvent({
  topic: 'resumen-canales.preparado',
  version: 1,
  key: (d) => d.userId,
  description: "A subscriber's digest of channel posts they have not seen, for the email digest.",
  schema: z.object({
    digestId: z.uuid(),
    userId: z.uuid(),
    posts: z
      .array(z.object({ postId: z.uuid(), channelTitle: z.string(), excerpt: z.string(), createdAt: IsoDateTime }))
      .min(1),
    at: IsoDateTime,
  }),
});

const Follow = z.object({ channelId: z.uuid(), userId: z.uuid(), at: IsoDateTime });

/** A user started following a channel (a new free subscription, or a paid one whose charge starts). */
export const SuscripcionCreada = defineEvent({
  topic: 'suscripcion.creada',
  version: 1,
  key: (d) => d.channelId,
  description: 'A user subscribed to a chat channel (free, or a paid one whose first charge starts).',
  schema: Follow,
});

/** A user stopped following a channel (unsubscribed; a paid period still runs to its end). */
export const SuscripcionEliminada = defineEvent({
  topic: 'suscripcion.eliminada',
  version: 1,
  key: (d) => d.channelId,
  description: 'A user unsubscribed from a chat channel (a paid period keeps access until it ends, never renewed).',
  schema: Follow,
});
