import { type Db, sql } from '@coordina/platform';
import type { ConversationKind } from '../contracts/messaging.dto';

/** Changing a group's members under its conversation row's lock (so the member cap holds under races). */
export class GroupMembersRepository {
  /** Locks the conversation when `userId` is a member; its kind and creator. */
  async lockForMember(
    q: Db,
    conversationId: string,
    userId: string,
  ): Promise<{ kind: ConversationKind; createdBy: string } | undefined> {
    const r = await sql<{ kind: ConversationKind; createdBy: string }>`SELECT c.kind, c.created_by AS "createdBy"
      FROM conversations c WHERE c.id = ${conversationId} AND EXISTS (SELECT 1 FROM conversation_members m
        WHERE m.conversation_id = c.id AND m.user_id = ${userId})
      FOR UPDATE`.execute(q);
    return r.rows[0];
  }

  /** Adds the users not in yet, their read receipt at the last seq (nothing unread); the ones added. */
  /** Adds the members not in the group yet, raising its members_version when any was; those added. */
  async add(q: Db, conversationId: string, userIds: string[]): Promise<string[]> {
    const r = await sql<{ userId: string }>`WITH added AS (
        INSERT INTO conversation_members (conversation_id, user_id, read_seq)
        SELECT c.id, u, c.last_seq FROM conversations c, unnest(${userIds}::uuid[]) AS u WHERE c.id = ${conversationId}
        ON CONFLICT DO NOTHING RETURNING user_id
      ), raised AS (
        UPDATE conversations SET members_version = members_version + 1
        WHERE id = ${conversationId} AND EXISTS (SELECT 1 FROM added)
      )
      SELECT user_id AS "userId" FROM added`.execute(q);
    return r.rows.map((m) => m.userId);
  }

  /** Removes the member, raising the group's members_version; whether it was one. */
  async remove(q: Db, conversationId: string, userId: string): Promise<boolean> {
    const r = await sql`WITH gone AS (
        DELETE FROM conversation_members WHERE conversation_id = ${conversationId} AND user_id = ${userId} RETURNING 1
      ), raised AS (
        UPDATE conversations SET members_version = members_version + 1
        WHERE id = ${conversationId} AND EXISTS (SELECT 1 FROM gone)
      )
      SELECT 1 FROM gone`.execute(q);
    return r.rows.length > 0;
  }
}
