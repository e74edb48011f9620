import { type Db, sql } from '@coordina/platform';

/** One subscriber's pending posts for the email digest. */
export interface DigestRow {
  userId: string;
  postId: string;
  channelTitle: string;
  text: string;
  createdAt: Date;
}

/** Post notifications: the fan-out's record of who was told of which post, and the digest's. */
export class NotificationsRepository {
  /**
   * The next `limit` subscribers of the channel after `afterUserId` (by id) to notify of a post:
   * not muted, not the owner, with access to the posts (free, or a running paid period).
   */
  async batch(q: Db, channelId: string, afterUserId: string | null, limit: number): Promise<string[]> {
    const r = await sql<{ userId: string }>`SELECT s.user_id AS "userId"
      FROM subscriptions s JOIN channels c ON c.id = s.channel_id
      WHERE s.channel_id = ${channelId} AND NOT s.muted AND s.user_id <> c.owner_id
        AND (c.monthly_price_cents IS NULL OR s.paid_until > now())
        ${afterUserId ? sql`AND s.user_id > ${afterUserId}` : sql``}
      ORDER BY s.user_id LIMIT ${limit}`.execute(q);
    return r.rows.map((row) => row.userId);
  }

  /** Records the users as told of the post; those not told before (a retried batch tells no one twice). */
  async record(q: Db, postId: string, userIds: string[]): Promise<string[]> {
    const r = await sql<{ userId: string }>`INSERT INTO post_notifications (post_id, user_id)
      SELECT ${postId}, u FROM unnest(${userIds}::uuid[]) AS u
      ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`.execute(q);
    return r.rows.map((row) => row.userId);
  }

  /**
   * Takes the notifications unseen for `afterMs` (up to `limit`, rows other sweeps hold are
   * skipped) and marks them digested; with their post and channel for the email.
   */
  async takeDigest(q: Db, afterMs: number, limit: number): Promise<DigestRow[]> {
    const r = await sql<DigestRow>`WITH due AS (
        SELECT post_id, user_id FROM post_notifications
        WHERE seen_at IS NULL AND digested_at IS NULL AND created_at <= now() - ${afterMs} * interval '1 millisecond'
        ORDER BY user_id, created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED),
      taken AS (
        UPDATE post_notifications n SET digested_at = now() FROM due
        WHERE n.post_id = due.post_id AND n.user_id = due.user_id
        RETURNING n.user_id, n.post_id)
      SELECT t.user_id AS "userId", t.post_id AS "postId", c.title AS "channelTitle", p.text,
        p.created_at AS "createdAt"
      FROM taken t JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = p.channel_id
      ORDER BY t.user_id, p.created_at`.execute(q);
    return r.rows;
  }
}
