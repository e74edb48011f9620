import { type Db, sql } from '@coordina/platform';
import type { HistoryPage, HistoryQuery, MessageKind, MessageView } from '../contracts/messaging.dto';
import { paymentColumn } from './message-payments.repository';

export const columns = sql`m.id, m.conversation_id AS "conversationId", m.seq, m.sender_id AS "senderId",
  m.client_id AS "clientId", m.text, m.media_id AS "mediaId", m.created_at AS "createdAt",
  m.edited_at AS "editedAt", m.deleted_at AS "deletedAt", m.kind, ${paymentColumn},
  EXISTS (SELECT 1 FROM media_ready r WHERE r.media_id = m.media_id) AS "mediaReady"`;

export type MessageRow = Omit<MessageView, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};

export const view = (r: MessageRow): MessageView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  editedAt: r.editedAt?.toISOString() ?? null,
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

export interface NewMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  clientId: string;
  text: string | null;
  mediaId: string | null;
  /** `message` when absent. */
  kind?: MessageKind;
}

export type SendOutcome =
  | { kind: 'sent'; message: MessageView; change: number; membersVersion: number }
  | { kind: 'notMember' }
  | { kind: 'blocked' }
  | { kind: 'repeated' };

/** Messages: stored once per (conversation, sender, clientId), edited and deleted by their sender. */
export class MessagesRepository {
  /** Stores the message; undefined when its sender used its clientId in this conversation before. */
  async insert(q: Db, m: NewMessage): Promise<MessageView | undefined> {
    const r =
      await sql<MessageRow>`INSERT INTO messages AS m (id, conversation_id, seq, sender_id, client_id, text, media_id, kind)
      VALUES (${m.id}, ${m.conversationId}, ${m.seq}, ${m.senderId}, ${m.clientId}, ${m.text}, ${m.mediaId},
        ${m.kind ?? 'message'})
      ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /**
   * A send in one statement (decision 0132): when the sender is a member and no block stops it,
   * takes the conversation's next seq and next change position under its row lock (held until
   * the transaction ends, decision 0080), stores the message, logs its change and moves the
   * sender's read receipt to it. `repeated` when the sender used its clientId here before: the
   * numbers were taken, the caller rolls the transaction back to give them back.
   */
  async send(q: Db, m: Omit<NewMessage, 'seq' | 'kind'>): Promise<SendOutcome> {
    const r = await sql<
      MessageRow & { member: boolean; blocked: boolean; change: number | null; membersVersion: number | null }
    >`
      WITH target AS (
        SELECT c.id,
          EXISTS (SELECT 1 FROM conversation_members x WHERE x.conversation_id = c.id AND x.user_id = ${m.senderId}) AS member,
          c.kind = 'direct' AND EXISTS (SELECT 1 FROM conversation_members o
            JOIN user_blocks b ON b.blocker_id = o.user_id AND b.blocked_id = ${m.senderId}
            WHERE o.conversation_id = c.id AND o.user_id <> ${m.senderId}) AS blocked
        FROM conversations c WHERE c.id = ${m.conversationId}
      ), c AS (
        UPDATE conversations AS c
        SET last_seq = c.last_seq + 1, last_change = c.last_change + 1, last_message_at = now()
        FROM target t WHERE c.id = t.id AND t.member AND NOT t.blocked
        RETURNING c.last_seq AS seq, c.last_change AS change, c.members_version
      ), m AS (
        INSERT INTO messages AS m (id, conversation_id, seq, sender_id, client_id, text, media_id, kind)
        SELECT ${m.id}, ${m.conversationId}, c.seq, ${m.senderId}, ${m.clientId}, ${m.text}, ${m.mediaId}, 'message'
        FROM c
        ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING RETURNING ${columns}
      ), logged AS (
        INSERT INTO message_changes (conversation_id, change, message_id, type)
        SELECT ${m.conversationId}, c.change, m.id, 'message' FROM c, m
      ), receipt AS (
        UPDATE conversation_members AS r SET read_seq = c.seq FROM c, m
        WHERE r.conversation_id = ${m.conversationId} AND r.user_id = ${m.senderId} AND r.read_seq < c.seq
      )
      SELECT coalesce(t.member, false) AS member, coalesce(t.blocked, false) AS blocked, c.change,
        c.members_version AS "membersVersion", m.*
      FROM (SELECT 1) AS one LEFT JOIN target t ON true LEFT JOIN c ON true LEFT JOIN m ON true`.execute(q);
    const row = r.rows[0];
    if (!row?.member) return { kind: 'notMember' };
    if (row.blocked) return { kind: 'blocked' };
    const { member: _m, blocked: _b, change, membersVersion, ...message } = row;
    if (row.id === null || change === null || membersVersion === null) return { kind: 'repeated' };
    return { kind: 'sent', message: view(message), change, membersVersion };
  }

  async byClientId(
    q: Db,
    conversationId: string,
    senderId: string,
    clientId: string,
  ): Promise<MessageView | undefined> {
    const r = await sql<MessageRow>`SELECT ${columns} FROM messages m
      WHERE m.conversation_id = ${conversationId} AND m.sender_id = ${senderId} AND m.client_id = ${clientId}`.execute(
      q,
    );
    return r.rows[0] && view(r.rows[0]);
  }

  async find(q: Db, conversationId: string, id: string): Promise<MessageView | undefined> {
    const r = await sql<MessageRow>`SELECT ${columns} FROM messages m
      WHERE m.conversation_id = ${conversationId} AND m.id = ${id}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /** The messages at these (conversation, seq) pairs (the last message of each conversation listed). */
  async at(q: Db, pairs: readonly { conversationId: string; seq: number }[]): Promise<MessageView[]> {
    if (pairs.length === 0) return [];
    const r = await sql<MessageRow>`SELECT ${columns} FROM messages m
      JOIN unnest(${pairs.map((p) => p.conversationId)}::uuid[], ${pairs.map((p) => p.seq)}::int[]) AS k(c, s)
        ON m.conversation_id = k.c AND m.seq = k.s`.execute(q);
    return r.rows.map(view);
  }

  /** The sender's own, not deleted message, with its new text; undefined when not so. */
  async edit(
    q: Db,
    conversationId: string,
    id: string,
    senderId: string,
    text: string,
  ): Promise<MessageView | undefined> {
    const r = await sql<MessageRow>`UPDATE messages AS m SET text = ${text}, edited_at = now()
      WHERE m.conversation_id = ${conversationId} AND m.id = ${id} AND m.sender_id = ${senderId}
        AND m.deleted_at IS NULL
      RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /** Turns the sender's own message into a tombstone; undefined when not theirs or deleted already. */
  async delete(q: Db, conversationId: string, id: string, senderId: string): Promise<MessageView | undefined> {
    const r = await sql<MessageRow>`UPDATE messages AS m SET text = NULL, media_id = NULL, deleted_at = now()
      WHERE m.conversation_id = ${conversationId} AND m.id = ${id} AND m.sender_id = ${senderId}
        AND m.deleted_at IS NULL
      RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /** A page in seq order: older than `before` (the newest page without it) or newer than `after`. */
  async history(q: Db, conversationId: string, h: HistoryQuery): Promise<HistoryPage> {
    const take = h.limit + 1;
    // Read first: every change up to it is committed, so the messages read next show it.
    const c = await sql<{ lastChange: number }>`SELECT last_change AS "lastChange" FROM conversations
      WHERE id = ${conversationId}`.execute(q);
    const lastChange = c.rows[0]?.lastChange ?? 0;
    if (h.after !== undefined) {
      const r = await sql<MessageRow>`SELECT ${columns} FROM messages m
        WHERE m.conversation_id = ${conversationId} AND m.seq > ${h.after}
        ORDER BY m.seq LIMIT ${take}`.execute(q);
      return { items: r.rows.slice(0, h.limit).map(view), hasMore: r.rows.length > h.limit, lastChange };
    }
    const r = await sql<MessageRow>`SELECT ${columns} FROM messages m
      WHERE m.conversation_id = ${conversationId} ${h.before === undefined ? sql`` : sql`AND m.seq < ${h.before}`}
      ORDER BY m.seq DESC LIMIT ${take}`.execute(q);
    return { items: r.rows.slice(0, h.limit).reverse().map(view), hasMore: r.rows.length > h.limit, lastChange };
  }
}
