import { randomUUID } from 'node:crypto';
import { type Db, sql } from '@coordina/platform';
import type { NotificationView } from '../contracts/notifications.dto';
import type { Message } from '../domain/message';

/** The in-app feed. One notification per event: the unique event id makes the effect exactly-once. */
export class NotificationsRepository {
  async add(q: Db, userId: string, eventId: string, m: Message): Promise<void> {
    await sql`INSERT INTO notifications (id, user_id, kind, title, body, event_id)
      VALUES (${randomUUID()}, ${userId}, ${m.kind}, ${m.title}, ${m.body}, ${eventId})
      ON CONFLICT (event_id) DO NOTHING`.execute(q);
  }

  /** One notification per known user of a locale (the `users` replica), once per user and key. */
  async broadcast(q: Db, key: string, m: Message, locale: string): Promise<number> {
    const r = await sql`INSERT INTO notifications (id, user_id, kind, title, body, event_id)
      SELECT gen_random_uuid(), user_id, ${m.kind}, ${m.title}, ${m.body}, md5(${key} || ':' || user_id::text)::uuid
      FROM users WHERE locale = ${locale}
      ON CONFLICT (event_id) DO NOTHING`.execute(q);
    return Number(r.numAffectedRows ?? 0);
  }

  async listFor(q: Db, userId: string, limit = 100): Promise<NotificationView[]> {
    const r = await sql<{
      id: string;
      kind: NotificationView['kind'];
      title: string;
      body: string;
      createdAt: Date;
      read: boolean;
    }>`
      SELECT id, kind, title, body, created_at AS "createdAt", read_at IS NOT NULL AS read
      FROM notifications WHERE user_id = ${userId}
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(q);
    return r.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  }

  /** Marks a notification of this user read; false when there is none. */
  async markRead(q: Db, userId: string, id: string): Promise<boolean> {
    const r = await sql`UPDATE notifications SET read_at = coalesce(read_at, now())
      WHERE id = ${id} AND user_id = ${userId} RETURNING id`.execute(q);
    return r.rows.length === 1;
  }
}
