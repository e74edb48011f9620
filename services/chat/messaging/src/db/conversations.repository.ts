import { type Db, sql } from '@coordina/platform';
import type { ConversationKind, ConversationView } from '../contracts/messaging.dto';
import type { NewConversation } from '../domain/conversation.rules';

type ConversationRow = Omit<ConversationView, 'createdAt' | 'lastMessage'> & { createdAt: Date };

/** Conversations, their members, the seq counter and the members' read receipts. */
export class ConversationsRepository {
  /** Inserts the conversation; undefined when its 1:1 pair has one already (direct_key is unique). */
  async insert(q: Db, id: string, createdBy: string, c: NewConversation): Promise<string | undefined> {
    const r = await sql<{ id: string }>`INSERT INTO conversations (id, kind, title, direct_key, created_by)
      VALUES (${id}, ${c.kind}, ${c.title}, ${c.directKey}, ${createdBy})
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    if (!r.rows[0]) return undefined;
    await sql`INSERT INTO conversation_members (conversation_id, user_id)
      SELECT ${id}, u FROM unnest(${c.memberIds}::uuid[]) AS u`.execute(q);
    return r.rows[0].id;
  }

  async directByKey(q: Db, directKey: string): Promise<string | undefined> {
    const r = await sql<{ id: string }>`SELECT id FROM conversations WHERE direct_key = ${directKey}`.execute(q);
    return r.rows[0]?.id;
  }

  async isMember(q: Db, conversationId: string, userId: string): Promise<boolean> {
    const r = await sql`SELECT 1 FROM conversation_members
      WHERE conversation_id = ${conversationId} AND user_id = ${userId}`.execute(q);
    return r.rows.length > 0;
  }

  async memberIds(q: Db, conversationId: string): Promise<string[]> {
    const r = await sql<{ userId: string }>`SELECT user_id AS "userId" FROM conversation_members
      WHERE conversation_id = ${conversationId} ORDER BY user_id`.execute(q);
    return r.rows.map((m) => m.userId);
  }

  /**
   * Takes the conversation's next seq when `senderId` is a member (undefined otherwise). The
   * row stays locked until the transaction ends: sends to one conversation queue here, and a
   * rollback gives the number back, so seqs have no gaps (decision 0080).
   */
  async nextSeq(q: Db, conversationId: string, senderId: string): Promise<number | undefined> {
    const r = await sql<{ seq: number }>`UPDATE conversations AS c
      SET last_seq = c.last_seq + 1, last_message_at = now()
      WHERE c.id = ${conversationId} AND EXISTS (SELECT 1 FROM conversation_members m
        WHERE m.conversation_id = c.id AND m.user_id = ${senderId})
      RETURNING c.last_seq AS seq`.execute(q);
    return r.rows[0]?.seq;
  }

  /**
   * Moves the member's read receipt forward to `upToSeq`, capped at the last seq; never back.
   * The receipt as it is now and whether it moved; undefined when not a member.
   */
  async markRead(
    q: Db,
    conversationId: string,
    userId: string,
    upToSeq: number,
  ): Promise<{ readSeq: number; moved: boolean } | undefined> {
    const moved = await sql<{ readSeq: number }>`UPDATE conversation_members AS m
      SET read_seq = LEAST(${upToSeq}::int, c.last_seq)
      FROM conversations c
      WHERE c.id = m.conversation_id AND m.conversation_id = ${conversationId} AND m.user_id = ${userId}
        AND LEAST(${upToSeq}::int, c.last_seq) > m.read_seq
      RETURNING m.read_seq AS "readSeq"`.execute(q);
    if (moved.rows[0]) return { readSeq: moved.rows[0].readSeq, moved: true };
    const now = await sql<{ readSeq: number }>`SELECT read_seq AS "readSeq" FROM conversation_members
      WHERE conversation_id = ${conversationId} AND user_id = ${userId}`.execute(q);
    return now.rows[0] && { readSeq: now.rows[0].readSeq, moved: false };
  }

  /** The user's conversations (or the one named), most recently active first; without the last message. */
  async list(
    q: Db,
    userId: string,
    options: { id?: string; limit: number },
  ): Promise<(Omit<ConversationView, 'lastMessage'> & { kind: ConversationKind })[]> {
    const r = await sql<ConversationRow>`SELECT c.id, c.kind, c.title, c.created_by AS "createdBy",
        c.created_at AS "createdAt", c.last_seq AS "lastSeq", me.read_seq AS "readSeq",
        (SELECT array_agg(o.user_id::text ORDER BY o.user_id) FROM conversation_members o
          WHERE o.conversation_id = c.id) AS "memberIds",
        (SELECT count(*)::int FROM messages x WHERE x.conversation_id = c.id AND x.seq > me.read_seq
          AND x.sender_id <> me.user_id AND x.deleted_at IS NULL) AS unread
      FROM conversation_members me JOIN conversations c ON c.id = me.conversation_id
      WHERE me.user_id = ${userId} ${options.id ? sql`AND c.id = ${options.id}` : sql``}
      ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id
      LIMIT ${options.limit}`.execute(q);
    return r.rows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }));
  }
}
