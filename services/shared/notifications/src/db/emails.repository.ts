import { randomUUID } from 'node:crypto';
import { type Db, sql } from '@coordina/platform';
import type { EmailStatus, EmailView } from '../contracts/notifications.dto';

export interface EmailToSend {
  id: string;
  to: string;
  subject: string;
  /** Redacted when the email carries a one-time secret: then `sealedBody` holds the real one. */
  body: string;
  sealedBody: string | null;
  attempts: number;
}

/**
 * The emails, as sent or still to send: what the emails API lists. Each one is handed to the
 * mail transport by a job of the platform queue (EMAIL_QUEUE) queued with its row.
 */
export class EmailsRepository {
  /**
   * Records an email in the caller's transaction, one per event; higher `priority` (0-3) is
   * sent first. Returns its id, or undefined when the event already has one.
   */
  async add(
    q: Db,
    email: { eventId: string; to: string; subject: string; body: string; sealedBody?: string; priority?: number },
  ): Promise<string | undefined> {
    const r = await sql<{
      id: string;
    }>`INSERT INTO emails (id, event_id, to_address, subject, body, sealed_body, priority)
      VALUES (${randomUUID()}, ${email.eventId}, ${email.to}, ${email.subject}, ${email.body},
        ${email.sealedBody ?? null}, ${email.priority ?? 1})
      ON CONFLICT (event_id) DO NOTHING RETURNING id`.execute(q);
    return r.rows[0]?.id;
  }

  /** Counts an attempt at an email not sent yet (a FAILED one is being retried); undefined once sent. */
  async attempt(q: Db, id: string): Promise<EmailToSend | undefined> {
    const r = await sql<EmailToSend>`UPDATE emails SET attempts = attempts + 1, status = 'PENDING'
      WHERE id = ${id} AND status IN ('PENDING', 'FAILED')
      RETURNING id, to_address AS "to", subject, body, sealed_body AS "sealedBody", attempts`.execute(q);
    return r.rows[0];
  }

  async finish(q: Db, id: string, status: Extract<EmailStatus, 'SENT' | 'RECORDED'>): Promise<void> {
    await sql`UPDATE emails SET status = ${status}, sent_at = now(), last_error = NULL
      WHERE id = ${id} AND status = 'PENDING'`.execute(q);
  }

  /** A failed attempt: still PENDING (the queue retries it), or FAILED after the last one. */
  async fail(q: Db, id: string, error: string, last: boolean): Promise<void> {
    await sql`UPDATE emails SET last_error = ${error.slice(0, 1000)}, status = ${last ? 'FAILED' : 'PENDING'}
      WHERE id = ${id} AND status = 'PENDING'`.execute(q);
  }

  /** Emails waiting to be sent, oldest first: those whose job may be missing (rows from before 0036). */
  async pending(q: Db, limit: number): Promise<{ id: string; priority: number }[]> {
    const r = await sql<{ id: string; priority: number }>`SELECT id, priority FROM emails
      WHERE status = 'PENDING' ORDER BY created_at LIMIT ${limit}`.execute(q);
    return r.rows;
  }

  /** What the emails API shows: the stored body, never the sealed one. */
  async list(q: Db, to: string | undefined, limit = 100): Promise<EmailView[]> {
    const r = await sql<Omit<EmailView, 'createdAt' | 'sentAt'> & { createdAt: Date; sentAt: Date | null }>`
      SELECT id, to_address AS "to", subject, body, status, attempts, last_error AS "lastError",
             created_at AS "createdAt", sent_at AS "sentAt"
      FROM emails ${to ? sql`WHERE lower(to_address) = lower(${to})` : sql``}
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(q);
    return r.rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    }));
  }
}
