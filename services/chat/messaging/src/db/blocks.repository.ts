import { type Db, sql } from '@coordina/platform';
import type { BlockList } from '../contracts/extras.dto';

/** Who blocked whom. */
export class BlocksRepository {
  async block(q: Db, blockerId: string, blockedId: string): Promise<void> {
    await sql`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES (${blockerId}, ${blockedId})
      ON CONFLICT DO NOTHING`.execute(q);
  }

  async unblock(q: Db, blockerId: string, blockedId: string): Promise<void> {
    await sql`DELETE FROM user_blocks WHERE blocker_id = ${blockerId} AND blocked_id = ${blockedId}`.execute(q);
  }

  async list(q: Db, blockerId: string): Promise<BlockList> {
    const r = await sql<{ userId: string; blockedAt: Date }>`SELECT blocked_id AS "userId", created_at AS "blockedAt"
      FROM user_blocks WHERE blocker_id = ${blockerId} ORDER BY created_at DESC, blocked_id`.execute(q);
    return { items: r.rows.map((b) => ({ userId: b.userId, blockedAt: b.blockedAt.toISOString() })) };
  }

  async isBlocked(q: Db, blockerId: string, blockedId: string): Promise<boolean> {
    const r = await sql`SELECT 1 FROM user_blocks
      WHERE blocker_id = ${blockerId} AND blocked_id = ${blockedId}`.execute(q);
    return r.rows.length > 0;
  }

  /** Whether `senderId` may not write into this conversation: a 1:1 whose other member blocked them. */
  async blockedInDirect(q: Db, conversationId: string, senderId: string): Promise<boolean> {
    const r = await sql`SELECT 1 FROM conversations c
      JOIN conversation_members o ON o.conversation_id = c.id AND o.user_id <> ${senderId}
      JOIN user_blocks b ON b.blocker_id = o.user_id AND b.blocked_id = ${senderId}
      WHERE c.id = ${conversationId} AND c.kind = 'direct'`.execute(q);
    return r.rows.length > 0;
  }
}
