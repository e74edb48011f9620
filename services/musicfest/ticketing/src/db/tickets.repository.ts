import { type Db, sql } from '@coordina/platform';
import { TicketCodeRules } from '../domain/ticket-code.rules';

export interface TicketRecord {
  code: string;
  purchaseId: string;
  seq: number;
  ticketTypeId: string;
  userId: string;
  status: 'VALID' | 'VOID';
}

const columns = sql`code, purchase_id AS "purchaseId", seq, ticket_type_id AS "ticketTypeId", user_id AS "userId",
  status`;

/** Tickets: one row per (purchase, seq), each with a unique random code (primary key). */
export class TicketsRepository {
  readonly #codes = new TicketCodeRules();

  /**
   * Issues the purchase's tickets, idempotently: a seq that already has a ticket keeps it; a
   * code that collides with another ticket is drawn again.
   */
  async issue(q: Db, purchaseId: string, userId: string, types: readonly { ticketTypeId: string; quantity: number }[]) {
    const wanted: { seq: number; ticketTypeId: string }[] = [];
    for (const t of types)
      for (let i = 0; i < t.quantity; i++) wanted.push({ seq: wanted.length + 1, ticketTypeId: t.ticketTypeId });
    for (let round = 0; round < 10; round++) {
      const have = await sql<{ seq: number }>`SELECT seq FROM tickets WHERE purchase_id = ${purchaseId}`.execute(q);
      const done = new Set(have.rows.map((r) => r.seq));
      const missing = wanted.filter((w) => !done.has(w.seq));
      if (missing.length === 0) return this.ofPurchases(q, [purchaseId]);
      await sql`INSERT INTO tickets (code, purchase_id, seq, ticket_type_id, user_id)
        SELECT code, ${purchaseId}::uuid, seq, type_id, ${userId}::uuid
        FROM unnest(${missing.map(() => this.#codes.next())}::text[], ${missing.map((m) => m.seq)}::int[],
          ${missing.map((m) => m.ticketTypeId)}::uuid[]) AS t(code, seq, type_id)
        ON CONFLICT DO NOTHING`.execute(q);
    }
    throw new Error(`could not draw unique ticket codes for purchase ${purchaseId}`);
  }

  async void(q: Db, purchaseId: string): Promise<number> {
    const r = await sql`UPDATE tickets SET status = 'VOID', voided_at = now()
      WHERE purchase_id = ${purchaseId} AND status = 'VALID'`.execute(q);
    return Number(r.numAffectedRows ?? 0);
  }

  async ofPurchases(q: Db, purchaseIds: readonly string[]): Promise<TicketRecord[]> {
    if (purchaseIds.length === 0) return [];
    const r =
      await sql<TicketRecord>`SELECT ${columns} FROM tickets WHERE purchase_id = ANY(${[...purchaseIds]}::uuid[])
      ORDER BY purchase_id, seq`.execute(q);
    return r.rows;
  }

  async find(q: Db, code: string): Promise<TicketRecord | undefined> {
    const r = await sql<TicketRecord>`SELECT ${columns} FROM tickets WHERE code = ${code}`.execute(q);
    return r.rows[0];
  }
}
