import { type Db, sql } from '@coordina/platform';
import type { ReportList, ReportListQuery, ReportView } from '../contracts/extras.dto';

type ReportRow = Omit<ReportView, 'reportedAt'> & { reportedAt: Date };

const reportColumns = sql`r.message_id AS "messageId", r.conversation_id AS "conversationId",
  r.reporter_id AS "reporterId", r.sender_id AS "senderId", r.reason, r.text, r.created_at AS "reportedAt"`;

const reportView = (r: ReportRow): ReportView => ({ ...r, reportedAt: r.reportedAt.toISOString() });

/** Reports of messages: one per message and reporter (the primary key). */
export class ReportsRepository {
  /**
   * Stores the report of another member's live message with its text as it is now; undefined
   * when this reporter reported it before, or when it is not such a message.
   */
  async insert(
    q: Db,
    conversationId: string,
    messageId: string,
    reporterId: string,
    reason: string,
  ): Promise<ReportView | undefined> {
    const r = await sql<ReportRow>`INSERT INTO message_reports AS r
        (message_id, reporter_id, conversation_id, sender_id, reason, text)
      SELECT m.id, ${reporterId}, m.conversation_id, m.sender_id, ${reason}, m.text FROM messages m
      WHERE m.conversation_id = ${conversationId} AND m.id = ${messageId}
        AND m.sender_id <> ${reporterId} AND m.deleted_at IS NULL
      ON CONFLICT DO NOTHING RETURNING ${reportColumns}`.execute(q);
    return r.rows[0] && reportView(r.rows[0]);
  }

  async exists(q: Db, messageId: string, reporterId: string): Promise<boolean> {
    const r = await sql`SELECT 1 FROM message_reports
      WHERE message_id = ${messageId} AND reporter_id = ${reporterId}`.execute(q);
    return r.rows.length > 0;
  }

  async list(q: Db, query: ReportListQuery): Promise<ReportList> {
    const r = await sql<ReportRow>`SELECT ${reportColumns} FROM message_reports r
      ORDER BY r.created_at DESC, r.message_id, r.reporter_id
      LIMIT ${query.limit + 1} OFFSET ${query.offset}`.execute(q);
    return { items: r.rows.slice(0, query.limit).map(reportView), hasMore: r.rows.length > query.limit };
  }
}
