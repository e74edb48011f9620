import { AppError, type Db, sql } from '@coordina/platform';
import type { ChangesPage, ChangesQuery, ChangeType, MessageChange } from '../contracts/messaging.dto';
import { MessagingErrors } from '../contracts/messaging.errors';
import { columns, type MessageRow, view } from './messages.repository';

/** The most changes one pruning round deletes (the next round, at once, takes the rest). */
export const PRUNE_BATCH = 1_000;

/**
 * The conversation's change log (decision 0104): each change of a message takes the next
 * position of `conversations.last_change` in the transaction that makes it. The conversation
 * row stays locked until that transaction ends, so positions have no gaps, never repeat, and
 * commit in order (a reader sees every position up to the newest it sees). Changes older than
 * the retention are deleted; `conversations.changes_pruned` is the highest position deleted,
 * and a read from before it is refused (410, decision 0116): never a silent gap.
 */
export class ChangesRepository {
  /**
   * Logs a change of the message at the conversation's next position; that position and the
   * version of the conversation's member list (decision 0132).
   */
  async record(
    q: Db,
    conversationId: string,
    messageId: string,
    type: ChangeType,
  ): Promise<{ change: number; membersVersion: number }> {
    const r = await sql<{ change: number; membersVersion: number }>`WITH c AS (
        UPDATE conversations SET last_change = last_change + 1 WHERE id = ${conversationId}
        RETURNING last_change, members_version)
      INSERT INTO message_changes (conversation_id, change, message_id, type)
      SELECT ${conversationId}, c.last_change, ${messageId}, ${type} FROM c
      RETURNING change, (SELECT members_version FROM c) AS "membersVersion"`.execute(q);
    const row = r.rows[0];
    if (row === undefined) throw new Error(`conversation ${conversationId} not found for its change`);
    return row;
  }

  /**
   * The changes after a position, in order, each with its message as it is now. `afterSeq`
   * starts where that message was sent (past the newest change when no such message exists).
   * From before what the log keeps: CHANGES_NOT_KEPT (410) naming the field.
   */
  async after(q: Db, conversationId: string, query: ChangesQuery): Promise<ChangesPage> {
    const field = query.after === undefined ? 'afterSeq' : 'after';
    const after = query.after ?? (await this.#sentAt(q, conversationId, query.afterSeq ?? 0));
    const r = await sql<MessageRow & { change: number; type: ChangeType }>`SELECT ch.change, ch.type, ${columns}
      FROM message_changes ch JOIN messages m ON m.id = ch.message_id
      WHERE ch.conversation_id = ${conversationId} AND ch.change > ${after ?? 0}
      ORDER BY ch.change LIMIT ${query.limit + 1}`.execute(q);
    // Read after the changes: a pruning that took any of them before they were read shows here.
    const p = await sql<{ pruned: number }>`SELECT changes_pruned AS pruned FROM conversations
      WHERE id = ${conversationId}`.execute(q);
    const pruned = p.rows[0]?.pruned ?? 0;
    if (after === undefined || after < pruned)
      throw new AppError(MessagingErrors.CHANGES_NOT_KEPT, `changes up to ${pruned} are no longer kept`, {
        errors: [
          {
            field,
            message: `older than the change log keeps: reload the history, then resume after its lastChange`,
          },
        ],
      });
    const items: MessageChange[] = r.rows
      .slice(0, query.limit)
      .map(({ change, type, ...m }) => ({ change, type, message: view(m) }));
    return { after, items, hasMore: r.rows.length > query.limit };
  }

  /**
   * Deletes up to `PRUNE_BATCH` changes older than `keepMs` and raises their conversations'
   * `changes_pruned`, in one statement; how many were deleted. Instances pruning at once skip
   * each other's rows.
   */
  async prune(q: Db, keepMs: number): Promise<number> {
    const r = await sql<{ n: number }>`WITH gone AS (
        DELETE FROM message_changes WHERE (conversation_id, change) IN (
          SELECT conversation_id, change FROM message_changes
          WHERE at < now() - ${keepMs}::bigint * interval '1 millisecond'
          ORDER BY at LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING conversation_id, change
      ), horizon AS (
        SELECT conversation_id, max(change) AS change FROM gone GROUP BY conversation_id
      ), raised AS (
        UPDATE conversations c SET changes_pruned = GREATEST(c.changes_pruned, h.change)
        FROM horizon h WHERE c.id = h.conversation_id RETURNING 1
      )
      SELECT (SELECT count(*) FROM gone)::int AS n`.execute(q);
    return r.rows[0]?.n ?? 0;
  }

  /** Where the message `seq` was sent; undefined when its change is no longer kept. */
  async #sentAt(q: Db, conversationId: string, seq: number): Promise<number | undefined> {
    if (seq === 0) return 0;
    const r = await sql<{ change: number | null }>`SELECT CASE
        WHEN EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = ${conversationId} AND m.seq = ${seq})
        THEN (SELECT ch.change FROM messages m JOIN message_changes ch ON ch.message_id = m.id AND ch.type = 'message'
          WHERE m.conversation_id = ${conversationId} AND m.seq = ${seq})
        ELSE (SELECT last_change FROM conversations WHERE id = ${conversationId}) END AS change`.execute(q);
    return r.rows[0]?.change ?? undefined;
  }
}
