import { type Db, sql } from '@coordina/platform';
import type { PresenceBody, PresenceView } from '../contracts/messaging.dto';

/** The most stale rows one sweep turns offline (the next round takes the rest at once). */
export const SWEEP_BATCH = 500;

/** The most conversations of a user whose members are told of their presence (the latest first, 1:1 first). */
export const AUDIENCE_CONVERSATIONS = 50;
/** Groups larger than this are not told (their members read presence at `GET /api/chat/presence`). */
export const AUDIENCE_GROUP_SIZE = 256;
/** The most users told of one presence change. */
export const AUDIENCE_MAX = 1_000;

type Row = { userId: string; online: boolean; lastSeenAt: Date | null };
const view = (r: Row): PresenceView => ({
  userId: r.userId,
  online: r.online,
  lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
});

/**
 * Users' socket counts and last seen (decisions 0082, 0105). Every open socket refreshes its
 * user's row (`last_seen_at`) every `CHAT_PRESENCE_REFRESH_MS`; a row with sockets not refreshed
 * for `staleMs` was left by a gateway that died (no socket on a live gateway misses two refreshes):
 * it reads offline, its count is void, and the sweeper turns it offline and tells the audience.
 */
export class PresenceRepository {
  /** Online means sockets held and refreshed lately. */
  readonly #online;
  /** The sockets counted, a stale count (left by a gateway that died) being none. */
  readonly #live;

  constructor(private readonly staleMs: number) {
    this.#online = sql`(p.sockets > 0 AND p.last_seen_at > now() - ${staleMs}::int * interval '1 millisecond')`;
    this.#live = sql`(CASE WHEN ${this.#online} THEN p.sockets ELSE 0 END)`;
  }

  /** Counts the socket in or out (or refreshes it); the presence now and whether `online` changed. */
  async record(q: Db, userId: string, state: PresenceBody['state']): Promise<{ now: PresenceView; changed: boolean }> {
    // A refresh is from an open socket: at least one (after a sweep that took the user for gone).
    const sockets =
      state === 'online'
        ? sql`${this.#live} + 1`
        : state === 'offline'
          ? sql`GREATEST(${this.#live} - 1, 0)`
          : sql`GREATEST(${this.#live}, 1)`;
    // The row exists (a first socket on two gateways at once: one insert, the other waits for
    // it), then is locked before it is read: each count in or out sees the one before it, so
    // exactly one of them is the change (first socket in, last socket out). The sweeper's
    // UPDATE takes the same lock and checks staleness again after it.
    await sql`INSERT INTO chat_presence (user_id, sockets, last_seen_at) VALUES (${userId}, 0, now())
      ON CONFLICT (user_id) DO NOTHING`.execute(q);
    const before = await sql<{ online: boolean }>`SELECT ${this.#online} AS online FROM chat_presence p
      WHERE p.user_id = ${userId} FOR UPDATE`.execute(q);
    const r = await sql<Row>`UPDATE chat_presence AS p
      SET sockets = ${sockets}, last_seen_at = now()
      WHERE p.user_id = ${userId}
      RETURNING p.user_id AS "userId", p.sockets > 0 AS online, p.last_seen_at AS "lastSeenAt"`.execute(q);
    const row = r.rows[0];
    if (!row) throw new Error('presence update returned nothing');
    return { now: view(row), changed: row.online !== (before.rows[0]?.online ?? false) };
  }

  /**
   * Turns offline the users whose count was not refreshed for `staleMs` (their sockets were on a
   * gateway that died), at most `SWEEP_BATCH`: who they are and when they were last seen (the
   * last refresh). One statement; with several instances sweeping, the row lock and the
   * re-checked condition give each row to exactly one of them (a row being counted now is
   * skipped: it is not stale after that).
   */
  async sweep(q: Db): Promise<PresenceView[]> {
    const r = await sql<Row>`UPDATE chat_presence AS p SET sockets = 0
      WHERE p.user_id IN (SELECT s.user_id FROM chat_presence s
        WHERE s.sockets > 0 AND s.last_seen_at <= now() - ${this.staleMs}::int * interval '1 millisecond'
        LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)
      AND p.sockets > 0 AND p.last_seen_at <= now() - ${this.staleMs}::int * interval '1 millisecond'
      RETURNING p.user_id AS "userId", false AS online, p.last_seen_at AS "lastSeenAt"`.execute(q);
    return r.rows.map(view);
  }

  /**
   * Who is told when `userId` comes online or goes offline (decision 0105): the members online
   * now of their conversations, bounded so that one connect costs the same whatever the user
   * belongs to. Only the user's `AUDIENCE_CONVERSATIONS` conversations with the latest messages
   * (1:1 first) count, groups of more than `AUDIENCE_GROUP_SIZE` members are left out (their
   * members read presence when they ask, as for delivery receipts in large groups), and at most
   * `AUDIENCE_MAX` users are told. Not filtered by their presence: a member whose socket is
   * opening (subscribed, not yet counted in) would miss the change; a publish to a user no
   * gateway holds costs Redis one lookup.
   */
  async audience(q: Db, userId: string): Promise<string[]> {
    const r = await sql<{ id: string }>`WITH mine AS (
        SELECT m.conversation_id AS id FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.user_id = ${userId}
        ORDER BY c.kind = 'direct' DESC, c.last_message_at DESC NULLS LAST, c.id
        LIMIT ${AUDIENCE_CONVERSATIONS}
      ), small AS (
        SELECT mine.id FROM mine
        WHERE (SELECT count(*) FROM (SELECT 1 FROM conversation_members o WHERE o.conversation_id = mine.id
          LIMIT ${AUDIENCE_GROUP_SIZE + 1}) AS n) <= ${AUDIENCE_GROUP_SIZE}
      )
      SELECT DISTINCT o.user_id AS id FROM small
      JOIN conversation_members o ON o.conversation_id = small.id AND o.user_id <> ${userId}
      LIMIT ${AUDIENCE_MAX}`.execute(q);
    return r.rows.map((x) => x.id);
  }

  /** Presence of those of `userIds` who share a conversation with `viewer` (never seen: offline, null). */
  async of(q: Db, viewer: string, userIds: readonly string[]): Promise<PresenceView[]> {
    const r =
      await sql<Row>`SELECT u AS "userId", COALESCE(${this.#online}, false) AS online, p.last_seen_at AS "lastSeenAt"
      FROM unnest(${[...new Set(userIds)]}::uuid[]) AS u
      LEFT JOIN chat_presence p ON p.user_id = u
      WHERE EXISTS (SELECT 1 FROM conversation_members m JOIN conversation_members o
        ON o.conversation_id = m.conversation_id WHERE m.user_id = ${viewer} AND o.user_id = u)
      ORDER BY u`.execute(q);
    return r.rows.map(view);
  }
}
