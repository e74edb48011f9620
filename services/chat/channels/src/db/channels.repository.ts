import { type Db, sql } from '@coordina/platform';
import type { ChannelView, CreateChannelBody, PostView, SubscriptionView } from '../contracts/channels.dto';

export interface ChannelRow {
  id: string;
  ownerId: string;
  title: string;
  monthlyPriceCents: number | null;
}

interface SubscriptionRow {
  channelId: string;
  userId: string;
  muted: boolean;
  status: SubscriptionView['status'];
  paidUntil: Date | null;
  cancelledAt: Date | null;
  hasAccess: boolean;
}

type ViewRow = Omit<ChannelView, 'createdAt' | 'subscription'> & { createdAt: Date } & {
  [K in keyof SubscriptionRow as `s_${K}`]: SubscriptionRow[K] | null;
};

type PostRow = Omit<PostView, 'createdAt'> & { createdAt: Date };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Who may read a channel's posts, as SQL over `c` (channels) and `s` (the reader's
 * subscription, outer-joined): anyone on a free channel, on a paid one its owner and whoever
 * holds a paid period that has not ended.
 */
const access = (userId: string) =>
  sql`(c.monthly_price_cents IS NULL OR c.owner_id = ${userId} OR coalesce(s.paid_until > now(), false))`;

/** Channels, posts and subscriptions. */
export class ChannelsRepository {
  async insert(q: Db, id: string, ownerId: string, body: CreateChannelBody): Promise<void> {
    await sql`INSERT INTO channels (id, owner_id, title, description, monthly_price_cents)
      VALUES (${id}, ${ownerId}, ${body.title}, ${body.description}, ${body.monthlyPriceCents ?? null})`.execute(q);
  }

  async find(q: Db, id: string): Promise<ChannelRow | undefined> {
    const r = await sql<ChannelRow>`SELECT id, owner_id AS "ownerId", title,
        monthly_price_cents AS "monthlyPriceCents" FROM channels WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** Channels newest first (or the one `id`), with subscriber counts and the caller's subscription. */
  async views(q: Db, userId: string, o: { id?: string; limit: number }): Promise<ChannelView[]> {
    const r = await sql<ViewRow>`SELECT c.id, c.owner_id AS "ownerId", c.title, c.description,
        c.monthly_price_cents AS "monthlyPriceCents", c.created_at AS "createdAt",
        (SELECT count(*)::int FROM subscriptions a WHERE a.channel_id = c.id
          AND (c.monthly_price_cents IS NULL OR a.paid_until > now())) AS subscribers,
        s.channel_id AS "s_channelId", s.user_id AS "s_userId", s.muted AS s_muted, s.status AS s_status,
        s.paid_until AS "s_paidUntil", s.cancelled_at AS "s_cancelledAt", ${access(userId)} AS "s_hasAccess"
      FROM channels c LEFT JOIN subscriptions s ON s.channel_id = c.id AND s.user_id = ${userId}
      WHERE ${o.id === undefined ? sql`true` : sql`c.id = ${o.id}`}
      ORDER BY c.created_at DESC, c.id LIMIT ${o.limit}`.execute(q);
    return r.rows.map((row) => ({
      id: row.id,
      ownerId: row.ownerId,
      title: row.title,
      description: row.description,
      monthlyPriceCents: row.monthlyPriceCents,
      subscribers: row.subscribers,
      createdAt: row.createdAt.toISOString(),
      subscription:
        row.s_channelId && row.s_userId && row.s_status
          ? {
              channelId: row.s_channelId,
              userId: row.s_userId,
              muted: row.s_muted ?? false,
              status: row.s_status,
              paidUntil: iso(row.s_paidUntil),
              cancelledAt: iso(row.s_cancelledAt),
              hasAccess: row.s_hasAccess ?? false,
            }
          : null,
    }));
  }

  /** The caller's subscription to a channel, when any. */
  async subscription(q: Db, channelId: string, userId: string): Promise<SubscriptionView | undefined> {
    const r = await sql<SubscriptionRow>`SELECT s.channel_id AS "channelId", s.user_id AS "userId", s.muted,
        s.status, s.paid_until AS "paidUntil", s.cancelled_at AS "cancelledAt", ${access(userId)} AS "hasAccess"
      FROM subscriptions s JOIN channels c ON c.id = s.channel_id
      WHERE s.channel_id = ${channelId} AND s.user_id = ${userId}`.execute(q);
    const s = r.rows[0];
    return s && { ...s, paidUntil: iso(s.paidUntil), cancelledAt: iso(s.cancelledAt) };
  }

  /** Whether `userId` may read the channel's posts now. */
  async mayRead(q: Db, channelId: string, userId: string): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`SELECT ${access(userId)} AS ok FROM channels c
      LEFT JOIN subscriptions s ON s.channel_id = c.id AND s.user_id = ${userId}
      WHERE c.id = ${channelId}`.execute(q);
    return r.rows[0]?.ok ?? false;
  }

  /** Stores the post when `authorId` owns the channel; undefined otherwise. */
  async insertPost(
    q: Db,
    id: string,
    channelId: string,
    authorId: string,
    text: string,
  ): Promise<(PostView & { channelTitle: string }) | undefined> {
    const r = await sql<PostRow & { channelTitle: string }>`INSERT INTO posts (id, channel_id, author_id, text)
      SELECT ${id}, c.id, ${authorId}, ${text} FROM channels c WHERE c.id = ${channelId} AND c.owner_id = ${authorId}
      RETURNING id, channel_id AS "channelId", author_id AS "authorId", text, created_at AS "createdAt",
        (SELECT title FROM channels WHERE id = ${channelId}) AS "channelTitle"`.execute(q);
    const p = r.rows[0];
    return p && { ...p, createdAt: p.createdAt.toISOString() };
  }

  /** A page of a channel's posts, newest first; one more than `limit` tells there are more. */
  async posts(q: Db, channelId: string, before: string | undefined, limit: number): Promise<PostView[]> {
    const r = await sql<PostRow>`SELECT id, channel_id AS "channelId", author_id AS "authorId", text,
        created_at AS "createdAt" FROM posts
      WHERE channel_id = ${channelId} ${before ? sql`AND created_at < ${before}` : sql``}
      ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`.execute(q);
    return r.rows.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }));
  }

  /**
   * The caller's feed, read from the posts of the channels they subscribe to and may read
   * (fan-out on read, decision 0085); one more than `limit`.
   */
  async feed(
    q: Db,
    userId: string,
    before: string | undefined,
    limit: number,
  ): Promise<(PostView & { channelTitle: string })[]> {
    const r = await sql<PostRow & { channelTitle: string }>`SELECT p.id, p.channel_id AS "channelId",
        p.author_id AS "authorId", p.text, p.created_at AS "createdAt", c.title AS "channelTitle"
      FROM subscriptions s JOIN channels c ON c.id = s.channel_id
      CROSS JOIN LATERAL (SELECT * FROM posts p WHERE p.channel_id = s.channel_id
        ${before ? sql`AND p.created_at < ${before}` : sql``}
        ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit + 1}) p
      WHERE s.user_id = ${userId} AND ${access(userId)}
      ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit + 1}`.execute(q);
    return r.rows.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }));
  }

  /** Marks the user's notifications up to `upTo` seen. */
  async markSeen(q: Db, userId: string, upTo: string): Promise<void> {
    await sql`UPDATE post_notifications SET seen_at = now()
      WHERE user_id = ${userId} AND seen_at IS NULL AND created_at <= ${upTo}`.execute(q);
  }
}
