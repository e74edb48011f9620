import type { EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import { type Db, type EventData, sql } from '@coordina/platform';
import type { SeatCounts } from '../domain/seat-decision.rules';
import type { EventRecord, TicketTypeRecord, TypeCounts } from './inventory.record';
import { InventoryChanges } from './inventory-changes';

const eventColumns = sql`id, manager_id AS "managerId", name, organizer, place, starts_at AS "startsAt",
  purchase_deadline AS "purchaseDeadline", status, revision`;
const typeColumns = sql`id, event_id AS "eventId", name, price, discount_percent AS "discountPercent",
  final_price AS "finalPrice", commission, capacity, reserved, sold, waitlisted, sales_start_at AS "salesStartAt",
  sales_end_at AS "salesEndAt", removed, sequence`;
const counts = sql`id, event_id AS "eventId", name, capacity, reserved, sold, waitlisted, sequence`;

/**
 * Events and ticket types. Every change of the counts is ONE UPDATE that bumps the type's
 * sequence; whether seats fit is decided by SeatDecisionRules, never here, and the table's
 * CHECK (reserved + sold <= capacity) backs the decisions up.
 */
export class InventoryRepository {
  /** Serialises the writers of one event's counts (taken first in every such transaction). */
  async lockEvent(q: Db, eventId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('musicfest-ticketing.event'), hashtext(${eventId}))`.execute(q);
  }

  /** Inserts or updates the event when this revision is newer; false when it is stale. */
  async upsertEvent(q: Db, e: EventData<typeof EventoPublicado>): Promise<boolean> {
    const r = await sql`INSERT INTO events (id, manager_id, name, organizer, place, starts_at, purchase_deadline,
        status, revision)
      VALUES (${e.eventId}, ${e.managerId}, ${e.name}, ${e.organizer}, ${e.place}, ${e.startsAt},
        ${e.purchaseDeadline}, 'ON_SALE', ${e.revision})
      ON CONFLICT (id) DO UPDATE SET manager_id = EXCLUDED.manager_id, name = EXCLUDED.name,
        organizer = EXCLUDED.organizer, place = EXCLUDED.place, starts_at = EXCLUDED.starts_at,
        purchase_deadline = EXCLUDED.purchase_deadline, revision = EXCLUDED.revision, updated_at = now()
      WHERE events.revision < EXCLUDED.revision RETURNING id`.execute(q);
    return r.rows.length > 0;
  }

  /**
   * Upserts the snapshot's ticket types. A capacity lowered below reserved + sold is clamped
   * to reserved + sold (nothing already sold or reserved is taken back); releases later bring
   * it down towards the manager's figure. Types missing from the snapshot stop selling.
   */
  async upsertTypes(q: Db, e: EventData<typeof EventoPublicado>): Promise<TypeCounts[]> {
    const out: TypeCounts[] = [];
    for (const t of e.ticketTypes) {
      const r = await sql<TypeCounts>`INSERT INTO ticket_types (id, event_id, name, price, discount_percent,
          final_price, commission, capacity_target, capacity, sales_start_at, sales_end_at)
        VALUES (${t.ticketTypeId}, ${e.eventId}, ${t.name}, ${t.price}, ${t.discountPercent}, ${t.finalPrice},
          ${t.commission}, ${t.quantity}, ${t.quantity}, ${t.salesStartAt}, ${t.salesEndAt})
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price,
          discount_percent = EXCLUDED.discount_percent, final_price = EXCLUDED.final_price,
          commission = EXCLUDED.commission, capacity_target = EXCLUDED.capacity_target,
          capacity = GREATEST(EXCLUDED.capacity_target, ticket_types.reserved + ticket_types.sold),
          sales_start_at = EXCLUDED.sales_start_at, sales_end_at = EXCLUDED.sales_end_at, removed = false,
          sequence = ticket_types.sequence + 1
        WHERE ticket_types.event_id = EXCLUDED.event_id
        RETURNING ${counts}`.execute(q);
      if (r.rows[0]) out.push(r.rows[0]);
    }
    await sql`UPDATE ticket_types SET removed = true
      WHERE event_id = ${e.eventId} AND NOT (id = ANY(${e.ticketTypes.map((t) => t.ticketTypeId)}::uuid[]))`.execute(q);
    InventoryChanges.changed(q);
    return out;
  }

  /**
   * ON_SALE → CANCELLED; undefined when unknown or already cancelled. The event's ticket type
   * rows are locked (and their sequence bumped) by the same statement: a batch of purchases
   * deciding on them finishes first and its purchases are seen by the cancellation, or waits
   * and then finds the event cancelled.
   */
  async cancelEvent(q: Db, id: string): Promise<EventRecord | undefined> {
    // A data-modifying WITH runs to completion whether or not the main statement reads it.
    const r = await sql<EventRecord>`WITH types AS (
        UPDATE ticket_types SET sequence = sequence + 1 WHERE event_id = ${id})
      UPDATE events SET status = 'CANCELLED', updated_at = now()
      WHERE id = ${id} AND status = 'ON_SALE' RETURNING ${eventColumns}`.execute(q);
    InventoryChanges.changed(q);
    return r.rows[0];
  }

  async findEvent(q: Db, id: string): Promise<EventRecord | undefined> {
    const r = await sql<EventRecord>`SELECT ${eventColumns} FROM events WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  async typesOf(q: Db, eventId: string): Promise<TicketTypeRecord[]> {
    const r = await sql<TicketTypeRecord>`SELECT ${typeColumns} FROM ticket_types WHERE event_id = ${eventId}
      ORDER BY name, id`.execute(q);
    return r.rows;
  }

  async findEvents(q: Db, ids: readonly string[]): Promise<EventRecord[]> {
    const r = await sql<EventRecord>`SELECT ${eventColumns} FROM events WHERE id = ANY(${[...ids]}::uuid[])`.execute(q);
    return r.rows;
  }

  async typesOfEvents(q: Db, eventIds: readonly string[]): Promise<TicketTypeRecord[]> {
    const r = await sql<TicketTypeRecord>`SELECT ${typeColumns} FROM ticket_types
      WHERE event_id = ANY(${[...eventIds]}::uuid[]) ORDER BY name, id`.execute(q);
    return r.rows;
  }

  /**
   * Locks the types' rows as an UPDATE of their counts would (in id order, so two lockers
   * cannot deadlock) and returns their counts. NO KEY UPDATE, like an UPDATE of the counts:
   * FOR UPDATE would also wait for the key-share locks that inserting purchase items takes
   * on the type, and two batches that had both inserted items would deadlock.
   */
  async lockTypes(q: Db, ids: readonly string[]): Promise<TypeCounts[]> {
    const r = await sql<TypeCounts>`SELECT ${counts} FROM ticket_types WHERE id = ANY(${[...ids]}::uuid[])
      ORDER BY id FOR NO KEY UPDATE`.execute(q);
    return r.rows;
  }

  /** The event's types, locked as `lockTypes` does (releases and promotions of the event). */
  async lockTypesOfEvent(q: Db, eventId: string): Promise<TypeCounts[]> {
    const r = await sql<TypeCounts>`SELECT ${counts} FROM ticket_types WHERE event_id = ${eventId}
      ORDER BY id FOR NO KEY UPDATE`.execute(q);
    return r.rows;
  }

  /**
   * Writes the counts decided in memory (SeatDecisionRules) on types read by `lockTypes`: the
   * changes from `before` to `after`, one statement. The SQL decides nothing: each row is
   * written only if its sequence is still the one the decision read (compare-and-set), and
   * the table's CHECK forbids an oversell.
   */
  async writeCounts(q: Db, before: readonly TypeCounts[], after: ReadonlyMap<string, SeatCounts>): Promise<void> {
    const rows = before.flatMap((b) => {
      const a = after.get(b.id);
      const reserved = (a?.reserved ?? b.reserved) - b.reserved;
      const waitlisted = (a?.waitlisted ?? b.waitlisted) - b.waitlisted;
      return reserved === 0 && waitlisted === 0 ? [] : [{ id: b.id, seen: b.sequence, reserved, waitlisted }];
    });
    if (rows.length === 0) return;
    const r = await sql`UPDATE ticket_types t SET reserved = t.reserved + v.reserved,
        waitlisted = t.waitlisted + v.waitlisted, sequence = t.sequence + 1
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.reserved)}::int[],
        ${rows.map((r) => r.waitlisted)}::int[], ${rows.map((r) => r.seen)}::bigint[]) AS v(id, reserved, waitlisted, seen)
      WHERE t.id = v.id AND t.sequence = v.seen`.execute(q);
    if (Number(r.numAffectedRows ?? 0) !== rows.length) {
      throw new Error('ticket type counts changed after they were read under the lock');
    }
    InventoryChanges.changed(q);
  }

  /** Whether any type's counts changed since last published (a read: nothing is locked or written). */
  async anyUnpublished(q: Db): Promise<boolean> {
    const r = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ticket_types
      WHERE sequence > published_sequence) AS any`.execute(q);
    return r.rows[0]?.any === true;
  }

  /** Marks the types whose counts changed since last published, and returns their counts. */
  async unpublished(q: Db): Promise<TypeCounts[]> {
    const r = await sql<TypeCounts>`UPDATE ticket_types SET published_sequence = sequence
      WHERE sequence > published_sequence RETURNING ${counts}`.execute(q);
    return r.rows;
  }

  async dequeue(q: Db, typeId: string, n: number): Promise<TypeCounts | undefined> {
    const r = await sql<TypeCounts>`UPDATE ticket_types SET waitlisted = waitlisted - ${n}, sequence = sequence + 1
      WHERE id = ${typeId} RETURNING ${counts}`.execute(q);
    InventoryChanges.changed(q);
    return r.rows[0];
  }

  /** Reserved (or sold) seats go back; a clamped capacity comes down towards the manager's figure. */
  async release(q: Db, typeId: string, n: number, from: 'reserved' | 'sold'): Promise<TypeCounts | undefined> {
    const r =
      from === 'reserved'
        ? await sql<TypeCounts>`UPDATE ticket_types SET reserved = reserved - ${n},
            capacity = GREATEST(capacity_target, reserved - ${n} + sold), sequence = sequence + 1
          WHERE id = ${typeId} RETURNING ${counts}`.execute(q)
        : await sql<TypeCounts>`UPDATE ticket_types SET sold = sold - ${n},
            capacity = GREATEST(capacity_target, reserved + sold - ${n}), sequence = sequence + 1
          WHERE id = ${typeId} RETURNING ${counts}`.execute(q);
    InventoryChanges.changed(q);
    return r.rows[0];
  }

  /** Reserved → sold. */
  async sell(q: Db, typeId: string, n: number): Promise<TypeCounts | undefined> {
    const r = await sql<TypeCounts>`UPDATE ticket_types SET reserved = reserved - ${n}, sold = sold + ${n},
        sequence = sequence + 1
      WHERE id = ${typeId} RETURNING ${counts}`.execute(q);
    InventoryChanges.changed(q);
    return r.rows[0];
  }
}
