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
