import { type Db, sql } from '@coordina/platform';
import type { NewTicketType, TicketTypeRecord } from './event.record';

const columns = sql`id, event_id AS "eventId", position, name, price, discount_percent AS "discountPercent",
  final_price AS "finalPrice", commission, quantity, sales_start_at AS "salesStartAt",
  sales_end_at AS "salesEndAt", seats_left AS "seatsLeft"`;

export type TicketTypeEdit = Omit<NewTicketType, 'eventId' | 'position'>;

/** Ticket types of events, with the seats left ticketing last reported. */
export class TicketTypesRepository {
  /** A new type starts with all its seats left; an existing id is left alone (the seed). */
  async insert(q: Db, t: NewTicketType): Promise<void> {
    await sql`INSERT INTO ticket_types (id, event_id, position, name, price, discount_percent, final_price,
        commission, quantity, sales_start_at, sales_end_at, seats_left)
      VALUES (${t.id}, ${t.eventId}, ${t.position}, ${t.name}, ${t.price}, ${t.discountPercent}, ${t.finalPrice},
        ${t.commission}, ${t.quantity}, ${t.salesStartAt}, ${t.salesEndAt}, ${t.quantity})
      ON CONFLICT (id) DO NOTHING`.execute(q);
  }

  async forEvent(q: Db, eventId: string): Promise<TicketTypeRecord[]> {
    const r = await sql<TicketTypeRecord>`SELECT ${columns} FROM ticket_types WHERE event_id = ${eventId}
      ORDER BY position, id`.execute(q);
    return r.rows;
  }

  /**
   * Rewrites a type. The quantity may not drop below the seats already taken (quantity − seats
   * left, as last known); seats left move with it. Undefined when that would happen.
   */
  async update(q: Db, eventId: string, t: TicketTypeEdit): Promise<TicketTypeRecord | undefined> {
    const r = await sql<TicketTypeRecord>`UPDATE ticket_types SET name = ${t.name}, price = ${t.price},
        discount_percent = ${t.discountPercent}, final_price = ${t.finalPrice}, commission = ${t.commission},
        seats_left = seats_left + (${t.quantity}::int - quantity), quantity = ${t.quantity},
        sales_start_at = ${t.salesStartAt}, sales_end_at = ${t.salesEndAt}, updated_at = now()
      WHERE id = ${t.id} AND event_id = ${eventId} AND ${t.quantity}::int >= quantity - seats_left
      RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /** Applies ticketing's report when it is newer than the last one applied; false otherwise. */
  async applyAvailability(
    q: Db,
    a: { eventId: string; ticketTypeId: string; seatsLeft: number; sequence: number },
  ): Promise<boolean> {
    const r = await sql`UPDATE ticket_types SET seats_left = ${a.seatsLeft}, availability_sequence = ${a.sequence},
        updated_at = now()
      WHERE id = ${a.ticketTypeId} AND event_id = ${a.eventId} AND availability_sequence < ${a.sequence}`.execute(q);
    return Number(r.numAffectedRows ?? 0) > 0;
  }
}
