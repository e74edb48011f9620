import { type Db, sql } from '@coordina/platform';
import type { ProfileView } from '../contracts/ads.dto';

/** What ads knows of a user: the interests and locale they set, the channels they follow. */
export class ProfilesRepository {
  async get(q: Db, userId: string): Promise<ProfileView> {
    const r = await sql<ProfileView>`SELECT coalesce(p.interests, '{}') AS interests, p.locale,
        ARRAY(SELECT f.channel_id FROM follows f WHERE f.user_id = ${userId} ORDER BY f.channel_id) AS "channelIds"
      FROM (SELECT 1) AS one LEFT JOIN profiles p ON p.user_id = ${userId}`.execute(q);
    return r.rows[0] as ProfileView;
  }

  async put(q: Db, userId: string, interests: readonly string[], locale: string | null): Promise<void> {
    await sql`INSERT INTO profiles (user_id, interests, locale) VALUES (${userId}, ${[...interests]}::text[], ${locale})
      ON CONFLICT (user_id) DO UPDATE SET interests = excluded.interests, locale = excluded.locale, updated_at = now()`.execute(
      q,
    );
  }

  async follow(q: Db, userId: string, channelId: string): Promise<void> {
    await sql`INSERT INTO follows (user_id, channel_id) VALUES (${userId}, ${channelId}) ON CONFLICT DO NOTHING`.execute(
      q,
    );
  }

  async unfollow(q: Db, userId: string, channelId: string): Promise<void> {
    await sql`DELETE FROM follows WHERE user_id = ${userId} AND channel_id = ${channelId}`.execute(q);
  }
}
