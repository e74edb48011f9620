import { type Db, sql } from '@coordina/platform';
import type { EventRecord, NewEvent } from './event.record';

export const eventColumns = sql`e.id, e.manager_id AS "managerId", e.name, e.description, e.organizer, e.place,
  e.starts_at AS "startsAt", e.duration_minutes AS "durationMinutes", e.size,
  e.purchase_deadline AS "purchaseDeadline", e.status, e.status_reason AS "statusReason", e.revision,
  e.hosting_fee AS "hostingFee", e.fee_payment_id AS "feePaymentId", e.created_at AS "createdAt",
  e.updated_at AS "updatedAt"`;

export type EventEdit = Pick<
  EventRecord,
  'name' | 'description' | 'organizer' | 'place' | 'startsAt' | 'durationMinutes' | 'size' | 'purchaseDeadline'
>;

/** Events. Status moves only by conditional UPDATEs on the current status (or under the row's lock). */
export class EventsRepository {
  /** Inserts; false when the id exists already (the seed's idempotency). */
  async insert(q: Db, e: NewEvent): Promise<boolean> {
    const r = await sql`INSERT INTO events (id, manager_id, name, description, organizer, place, starts_at,
        duration_minutes, size, purchase_deadline, status, hosting_fee, fee_payment_id, payment_method)
      VALUES (${e.id}, ${e.managerId}, ${e.name}, ${e.description}, ${e.organizer}, ${e.place}, ${e.startsAt},
        ${e.durationMinutes}, ${e.size}, ${e.purchaseDeadline}, ${e.status}, ${e.hostingFee}, ${e.feePaymentId},
        ${e.paymentMethod})
      ON CONFLICT (id) DO NOTHING RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  async find(q: Db, id: string): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`SELECT ${eventColumns} FROM events e WHERE e.id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** Reads and locks the row until the transaction ends (edits and cancellation). */
  async lock(q: Db, id: string): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`SELECT ${eventColumns} FROM events e WHERE e.id = ${id} FOR UPDATE`.execute(q);
    return r.rows[0];
  }

  /** Writes an edit and bumps the revision. */
  async update(q: Db, id: string, v: EventEdit): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`UPDATE events e SET name = ${v.name}, description = ${v.description},
        organizer = ${v.organizer}, place = ${v.place}, starts_at = ${v.startsAt},
        duration_minutes = ${v.durationMinutes}, size = ${v.size}, purchase_deadline = ${v.purchaseDeadline},
        revision = revision + 1, updated_at = now()
      WHERE e.id = ${id} AND e.status <> 'CANCELLED' RETURNING ${eventColumns}`.execute(q);
    return r.rows[0];
  }

  /** PENDING_FEE → PUBLISHED; undefined if it is no longer pending (cancelled meanwhile). */
  async markPublished(q: Db, id: string): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`UPDATE events e SET status = 'PUBLISHED', status_reason = NULL, updated_at = now()
      WHERE e.id = ${id} AND e.status = 'PENDING_FEE' RETURNING ${eventColumns}`.execute(q);
    return r.rows[0];
  }

  /** PENDING_FEE → FEE_DECLINED; undefined if it was not pending (idempotent). */
  async markFeeDeclined(q: Db, id: string, reason: string): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`UPDATE events e SET status = 'FEE_DECLINED', status_reason = ${reason},
        updated_at = now()
      WHERE e.id = ${id} AND e.status = 'PENDING_FEE' RETURNING ${eventColumns}`.execute(q);
    return r.rows[0];
  }

  /** Any live status → CANCELLED; undefined if it was cancelled already. */
  async cancel(q: Db, id: string, reason: string, at: Date): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`UPDATE events e SET status = 'CANCELLED', status_reason = ${reason},
        cancelled_at = ${at}, revision = revision + 1, updated_at = now()
      WHERE e.id = ${id} AND e.status <> 'CANCELLED' RETURNING ${eventColumns}`.execute(q);
    return r.rows[0];
  }
}
