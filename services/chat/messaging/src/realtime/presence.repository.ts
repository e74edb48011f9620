import { type Db, sql } from '@coordina/platform';
import type { PresenceBody, PresenceView } from '../contracts/messaging.dto';

/** Online means sockets held and seen lately: a count left by a gateway that died expires. */
const ONLINE = sql`(p.sockets > 0 AND p.last_seen_at > now() - interval '2 minutes')`;

type Row = { userId: string; online: boolean; lastSeenAt: Date | null };
const view = (r: Row): PresenceView => ({
  userId: r.userId,
  online: r.online,
  lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
});

/** Users' socket counts and last seen (decision 0082). */
export class PresenceRepository {
  /** Counts the socket in or out (or refreshes it); the presence now and whether `online` changed. */
  async record(q: Db, userId: string, state: PresenceBody['state']): Promise<{ now: PresenceView; changed: boolean }> {
    const delta = state === 'online' ? 1 : state === 'offline' ? -1 : 0;
    // Locked first (a separate statement: a row the same statement updates would be skipped).
    const before = await sql<{ online: boolean }>`SELECT ${ONLINE} AS online FROM chat_presence p
      WHERE p.user_id = ${userId} FOR UPDATE`.execute(q);
    const r = await sql<Row>`INSERT INTO chat_presence AS p (user_id, sockets, last_seen_at)
      VALUES (${userId}, GREATEST(${delta}::int, 0), now())
      ON CONFLICT (user_id) DO UPDATE SET sockets = GREATEST(p.sockets + ${delta}::int, 0), last_seen_at = now()
      RETURNING p.user_id AS "userId", p.sockets > 0 AS online, p.last_seen_at AS "lastSeenAt"`.execute(q);
    const row = r.rows[0];
    if (!row) throw new Error('presence upsert returned nothing');
    return { now: view(row), changed: row.online !== (before.rows[0]?.online ?? false) };
  }

  /**
   * The users `userId` has a 1:1 conversation with: they are told when it comes and goes. A
   * group's members read it when they ask: telling every member of every group on each socket
   * opened is a square of the group's size (a 1,000-member group connecting: a million frames).
   */
  async partners(q: Db, userId: string): Promise<string[]> {
    const r = await sql<{ id: string }>`SELECT DISTINCT o.user_id AS id FROM conversation_members m
      JOIN conversations c ON c.id = m.conversation_id AND c.kind = 'direct'
      JOIN conversation_members o ON o.conversation_id = m.conversation_id AND o.user_id <> m.user_id
      WHERE m.user_id = ${userId}`.execute(q);
    return r.rows.map((x) => x.id);
  }

  /** Presence of those of `userIds` who share a conversation with `viewer` (never seen: offline, null). */
  async of(q: Db, viewer: string, userIds: readonly string[]): Promise<PresenceView[]> {
    const r = await sql<Row>`SELECT u AS "userId", COALESCE(${ONLINE}, false) AS online, p.last_seen_at AS "lastSeenAt"
      FROM unnest(${[...new Set(userIds)]}::uuid[]) AS u
      LEFT JOIN chat_presence p ON p.user_id = u
      WHERE EXISTS (SELECT 1 FROM conversation_members m JOIN conversation_members o
        ON o.conversation_id = m.conversation_id WHERE m.user_id = ${viewer} AND o.user_id = u)
      ORDER BY u`.execute(q);
    return r.rows.map(view);
  }
}
