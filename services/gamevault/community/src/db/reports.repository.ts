import { type Db, type Page, pageOf, sql } from '@coordina/platform';
import type { CreateReportBody, ReportQuery, ReportTarget, ReportView } from '../contracts/reports.dto';
import { isoRow, type Row } from './rows';

const columns = sql`a.id, a.target_type AS "targetType", a.target_id AS "targetId", a.reporter_id AS "reporterId",
  a.reason, a.status, a.created_at AS "createdAt"`;

const TABLES: Record<ReportTarget, string> = {
  review: 'reviews',
  reply: 'review_replies',
  thread: 'forum_threads',
  post: 'forum_posts',
};

/** Abuse reports: one per user and content (the unique key). */
export class ReportsRepository {
  /** `missing` when the content does not exist, `duplicate` when the user reported it already. */
  async insert(
    q: Db,
    id: string,
    reporterId: string,
    b: CreateReportBody,
  ): Promise<ReportView | 'missing' | 'duplicate'> {
    const r = await sql<
      Row<ReportView>
    >`INSERT INTO abuse_reports AS a (id, target_type, target_id, reporter_id, reason)
      SELECT ${id}, ${b.targetType}, ${b.targetId}, ${reporterId}, ${b.reason}
      WHERE EXISTS (SELECT 1 FROM ${sql.table(TABLES[b.targetType])} WHERE id = ${b.targetId})
      ON CONFLICT (target_type, target_id, reporter_id) DO NOTHING
      RETURNING ${columns}`.execute(q);
    if (r.rows[0]) return isoRow(r.rows[0]);
    const exists = await sql`SELECT 1 FROM ${sql.table(TABLES[b.targetType])} WHERE id = ${b.targetId}`.execute(q);
    return exists.rows.length === 0 ? 'missing' : 'duplicate';
  }

  async page(q: Db, f: ReportQuery): Promise<Page<ReportView>> {
    const page = await pageOf<Row<ReportView>>(
      q,
      { columns, from: sql`FROM abuse_reports a WHERE a.status = ${f.status}`, order: sql`a.created_at, a.id` },
      f,
    );
    return { items: page.items.map((r) => isoRow(r)), total: page.total };
  }

  async resolve(q: Db, id: string): Promise<ReportView | undefined> {
    const r = await sql<Row<ReportView>>`UPDATE abuse_reports AS a SET status = 'resolved' WHERE a.id = ${id}
      RETURNING ${columns}`.execute(q);
    return r.rows[0] && isoRow(r.rows[0]);
  }
}
