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

/** A message to send: its id, its sender, the sender's clientId, its text and media. */
export type OutgoingMessage = Omit<NewMessage, 'conversationId' | 'seq' | 'kind'>;

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
   * Sends to one conversation in one statement (decisions 0132, 0134), in the order given: each
   * sender that is a member and not stopped by a 1:1 block gets the conversation's next seq and
   * change position, taken for all of them with one `UPDATE conversations` under its row lock
   * (held until the transaction ends, decision 0080); the messages are stored, their changes
   * logged, and each sender's read receipt moved to its last message. One outcome per send, in
   * order. `repeated` when a sender used its clientId here before (or twice in these sends): the
   * numbers were taken, the caller rolls the transaction back to give them back.
   */
  async sendMany(q: Db, conversationId: string, sends: readonly OutgoingMessage[]): Promise<SendOutcome[]> {
    const r = await sql<
      MessageRow & {
        ord: number;
        member: boolean;
        blocked: boolean;
        change: number | null;
        membersVersion: number | null;
      }
    >`WITH input AS (
        SELECT * FROM unnest(${sends.map((x) => x.id)}::uuid[], ${sends.map((x) => x.senderId)}::uuid[],
          ${sends.map((x) => x.clientId)}::text[], ${sends.map((x) => x.text)}::text[], ${sends.map((x) => x.mediaId)}::uuid[])
          WITH ORDINALITY AS i(id, sender_id, client_id, text, media_id, ord)
      ), checked AS (
        SELECT i.*,
          EXISTS (SELECT 1 FROM conversation_members x WHERE x.conversation_id = c.id AND x.user_id = i.sender_id) AS member,
          c.kind = 'direct' AND EXISTS (SELECT 1 FROM conversation_members o
            JOIN user_blocks b ON b.blocker_id = o.user_id AND b.blocked_id = i.sender_id
            WHERE o.conversation_id = c.id AND o.user_id <> i.sender_id) AS blocked
        FROM input i JOIN conversations c ON c.id = ${conversationId}
      ), ok AS (
        SELECT checked.*, row_number() OVER (ORDER BY ord)::int AS n, count(*) OVER ()::int AS total
        FROM checked WHERE member AND NOT blocked
      ), c AS (
        UPDATE conversations AS c
        SET last_seq = c.last_seq + t.total, last_change = c.last_change + t.total, last_message_at = now()
        FROM (SELECT total FROM ok LIMIT 1) AS t WHERE c.id = ${conversationId}
        RETURNING c.last_seq, c.last_change, c.members_version
      ), numbered AS (
        SELECT ok.*, c.last_seq - ok.total + ok.n AS seq, c.last_change - ok.total + ok.n AS change, c.members_version
        FROM ok, c
      ), m AS (
        INSERT INTO messages AS m (id, conversation_id, seq, sender_id, client_id, text, media_id, kind)
        SELECT id, ${conversationId}, seq, sender_id, client_id, text, media_id, 'message' FROM numbered
        ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING RETURNING ${columns}
      ), logged AS (
        INSERT INTO message_changes (conversation_id, change, message_id, type)
        SELECT ${conversationId}, nb.change, m.id, 'message' FROM numbered nb JOIN m ON m.id = nb.id
      ), receipts AS (
        UPDATE conversation_members AS r SET read_seq = x.seq
        FROM (SELECT nb.sender_id, max(nb.seq) AS seq FROM numbered nb JOIN m ON m.id = nb.id GROUP BY nb.sender_id) AS x
        WHERE r.conversation_id = ${conversationId} AND r.user_id = x.sender_id AND r.read_seq < x.seq
      )
      SELECT i.ord::int AS ord, coalesce(ck.member, false) AS member, coalesce(ck.blocked, false) AS blocked,
        nb.change::int AS change, nb.members_version AS "membersVersion", m.*
      FROM input i LEFT JOIN checked ck ON ck.ord = i.ord LEFT JOIN numbered nb ON nb.ord = i.ord
        LEFT JOIN m ON m.id = nb.id
      ORDER BY i.ord`.execute(q);
    return r.rows.map((row): SendOutcome => {
      if (!row.member) return { kind: 'notMember' };
      if (row.blocked) return { kind: 'blocked' };
      const { ord: _o, member: _m, blocked: _b, change, membersVersion, ...message } = row;
      if (row.id === null || change === null || membersVersion === null) return { kind: 'repeated' };
      return { kind: 'sent', message: view(message), change, membersVersion };
    });
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
