import { randomUUID } from 'node:crypto';
import { type Db, sql } from '@coordina/platform';
import type { EmailStatus, EmailView } from '../contracts/notifications.dto';

export interface ClaimedEmail {
  id: string;
  to: string;
  subject: string;
  /** Redacted when the email carries a one-time secret: then `sealedBody` holds the real one. */
  body: string;
  sealedBody: string | null;
  attempts: number;
}

/**
 * The email outbox. A claim is a lease: the row stays PENDING with `lease_until` set, so a
 * sender that dies mid-delivery leaves it to be claimed again when the lease ends.
 */
export class EmailsRepository {
  /** Queues an email in the caller's transaction; one per event. Higher `priority` (0-3) is sent first. */
  async enqueue(
    q: Db,
    email: { eventId: string; to: string; subject: string; body: string; sealedBody?: string; priority?: number },
  ): Promise<void> {
    await sql`INSERT INTO emails (id, event_id, to_address, subject, body, sealed_body, priority)
      VALUES (${randomUUID()}, ${email.eventId}, ${email.to}, ${email.subject}, ${email.body},
        ${email.sealedBody ?? null}, ${email.priority ?? 1})
      ON CONFLICT (event_id) DO NOTHING`.execute(q);
  }

  async claim(q: Db, limit: number, leaseSeconds: number): Promise<ClaimedEmail[]> {
    const r = await sql<ClaimedEmail>`UPDATE emails
      SET attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
      WHERE id IN (
        SELECT id FROM emails
        WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < now())
        ORDER BY priority DESC, created_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address AS "to", subject, body, sealed_body AS "sealedBody", attempts`.execute(q);
    return r.rows;
  }

  async finish(q: Db, id: string, status: Extract<EmailStatus, 'SENT' | 'RECORDED'>): Promise<void> {
    await sql`UPDATE emails SET status = ${status}, sent_at = now(), lease_until = NULL, last_error = NULL
      WHERE id = ${id} AND status = 'PENDING'`.execute(q);
  }

  /** A failed try: retried after `retryInSeconds`, or FAILED for good when that is undefined. */
  async fail(q: Db, id: string, error: string, retryInSeconds: number | undefined): Promise<void> {
    await sql`UPDATE emails SET last_error = ${error.slice(0, 1000)},
        status = ${retryInSeconds === undefined ? 'FAILED' : 'PENDING'},
        lease_until = ${retryInSeconds === undefined ? null : sql`now() + make_interval(secs => ${retryInSeconds})`}
      WHERE id = ${id} AND status = 'PENDING'`.execute(q);
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
