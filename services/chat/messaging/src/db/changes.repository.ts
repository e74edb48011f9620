import { type Db, sql } from '@coordina/platform';
import type { ChangesPage, ChangesQuery, ChangeType, MessageChange } from '../contracts/messaging.dto';
import { columns, type MessageRow, view } from './messages.repository';

/**
 * The conversation's change log (decision 0104): each change of a message takes the next
 * position of `conversations.last_change` in the transaction that makes it. The conversation
 * row stays locked until that transaction ends, so positions have no gaps, never repeat, and
 * commit in order (a reader sees every position up to the newest it sees).
 */
export class ChangesRepository {
  /** Logs a change of the message at the conversation's next position; that position. */
  async record(q: Db, conversationId: string, messageId: string, type: ChangeType): Promise<number> {
    const r = await sql<{ change: number }>`WITH c AS (
        UPDATE conversations SET last_change = last_change + 1 WHERE id = ${conversationId} RETURNING last_change)
      INSERT INTO message_changes (conversation_id, change, message_id, type)
      SELECT ${conversationId}, c.last_change, ${messageId}, ${type} FROM c
      RETURNING change`.execute(q);
    const change = r.rows[0]?.change;
    if (change === undefined) throw new Error(`conversation ${conversationId} not found for its change`);
    return change;
  }

  /**
   * The changes after a position, in order, each with its message as it is now. `afterSeq`
   * starts where that message was sent (past the newest change when no such message exists).
   */
  async after(q: Db, conversationId: string, query: ChangesQuery): Promise<ChangesPage> {
    const after = query.after ?? (await this.#sentAt(q, conversationId, query.afterSeq ?? 0));
    const r = await sql<MessageRow & { change: number; type: ChangeType }>`SELECT ch.change, ch.type, ${columns}
      FROM message_changes ch JOIN messages m ON m.id = ch.message_id
      WHERE ch.conversation_id = ${conversationId} AND ch.change > ${after}
      ORDER BY ch.change LIMIT ${query.limit + 1}`.execute(q);
    const items: MessageChange[] = r.rows
      .slice(0, query.limit)
      .map(({ change, type, ...m }) => ({ change, type, message: view(m) }));
    return { after, items, hasMore: r.rows.length > query.limit };
  }

  async #sentAt(q: Db, conversationId: string, seq: number): Promise<number> {
    if (seq === 0) return 0;
    const r = await sql<{ change: number }>`SELECT COALESCE(
        (SELECT ch.change FROM messages m JOIN message_changes ch ON ch.message_id = m.id AND ch.type = 'message'
          WHERE m.conversation_id = ${conversationId} AND m.seq = ${seq}),
        (SELECT last_change FROM conversations WHERE id = ${conversationId})) AS change`.execute(q);
    return r.rows[0]?.change ?? 0;
  }
}
