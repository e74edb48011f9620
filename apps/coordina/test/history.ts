import assert from 'node:assert/strict';
import { Database, sql } from '@coordina/platform';

/** Where a service's database is, in the product under test. */
export type DatabaseUrl = (service: string) => string;

interface Accepted {
  /** The Idempotency-Key the request was sent with (a retry reuses it). */
  key: string;
  id: string;
  userId: string;
}

/**
 * A history checker for the fault tests: it records every request the product accepted
 * (booking or purchase, by Idempotency-Key) and then reads the effects from the services'
 * own databases, proving none lost, none duplicated, and the order of each payment's
 * transitions kept. `check` fails with every violation and returns a report of the counts.
 */
export class History {
  readonly bookings = new Map<string, Accepted>();
  readonly purchases = new Map<string, Accepted>();
  readonly #dbs = new Map<string, Database>();

  constructor(private readonly databaseUrl: DatabaseUrl) {}

  /** Records an accepted request; the same key answered twice must name the same resource. */
  accept(kind: 'booking' | 'purchase', a: Accepted): void {
    const map = kind === 'booking' ? this.bookings : this.purchases;
    const earlier = map.get(a.key);
    assert.ok(!earlier || earlier.id === a.id, `${kind} key ${a.key} answered ${earlier?.id} then ${a.id}`);
    map.set(a.key, a);
  }

  #db(service: string): Database {
    let db = this.#dbs.get(service);
    if (!db) {
      db = new Database(this.databaseUrl(service), { max: 2 });
      this.#dbs.set(service, db);
    }
    return db;
  }

  async close(): Promise<void> {
    for (const db of this.#dbs.values()) await db.close();
    this.#dbs.clear();
  }

  /** Checks every recorded request's effects; throws listing what is wrong, returns the counts. */
  async check(): Promise<string> {
    const problems: string[] = [];
    const lines: string[] = [];
    if (this.bookings.size > 0) lines.push(await this.#checkBookings(problems));
    if (this.purchases.size > 0) lines.push(await this.#checkPurchases(problems));
    lines.push(await this.#checkPayments(problems));
    const report = `history: ${lines.join('; ')}`;
    assert.deepEqual(problems, [], `${report}\n${problems.join('\n')}`);
    return report;
  }

  async #checkBookings(problems: string[]): Promise<string> {
    const accepted = [...this.bookings.values()];
    const users = [...new Set(accepted.map((a) => a.userId))];
    const rows = (
      await sql<{ id: string; userId: string; status: string; paymentId: string; refundStatus: string }>`
        SELECT id, user_id AS "userId", status, payment_id AS "paymentId", refund_status AS "refundStatus"
        FROM bookings WHERE user_id = ANY(${users}::uuid[])`.execute(this.#db('instudio-booking').db)
    ).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of accepted)
      if (!byId.has(a.id)) problems.push(`booking ${a.id} (key ${a.key}) was accepted and lost`);
    const acceptedIds = new Set(accepted.map((a) => a.id));
    for (const r of rows)
      if (!acceptedIds.has(r.id))
        problems.push(`booking ${r.id} exists but no request was accepted for it (a duplicate)`);
    const settled = rows.filter((r) => r.status === 'CONFIRMED' || r.status === 'CANCELLED');
    if (settled.length !== rows.length) {
      problems.push(
        `bookings not settled: ${rows.filter((r) => !settled.includes(r)).map((r) => `${r.id}=${r.status}`)}`,
      );
    }
    const payments = await this.#payments(rows.map((r) => r.paymentId));
    for (const r of rows) {
      const p = payments.get(r.paymentId);
      if (!p) {
        problems.push(`booking ${r.id}: no payment ${r.paymentId}`);
        continue;
      }
      if (r.status === 'CONFIRMED' && p.status !== 'AUTHORIZED') {
        problems.push(`booking ${r.id} CONFIRMED but its payment is ${p.status}`);
      }
      if (r.status === 'CANCELLED' && (p.status === 'AUTHORIZED' || p.status === 'REFUNDING')) {
        problems.push(`booking ${r.id} CANCELLED but its charge of ${p.status} was not refunded`);
      }
    }
    // One confirmation notice per confirmed booking, none twice.
    const confirmed = rows.filter((r) => r.status === 'CONFIRMED');
    const notices = (
      await sql<{ userId: string; n: number }>`
        SELECT user_id AS "userId", count(*)::int AS n FROM notifications
        WHERE user_id = ANY(${users}::uuid[]) AND kind = 'booking_confirmed' GROUP BY user_id`.execute(
        this.#db('notifications').db,
      )
    ).rows;
    const noticesTotal = notices.reduce((s, n) => s + n.n, 0);
    for (const u of users) {
      const want = confirmed.filter((r) => r.userId === u).length;
      const got = notices.find((n) => n.userId === u)?.n ?? 0;
      if (want !== got) problems.push(`user ${u}: ${want} confirmed bookings but ${got} confirmation notices`);
    }
    const cancelled = rows.length - confirmed.length;
    return `${accepted.length} bookings accepted → ${rows.length} stored (${confirmed.length} confirmed, ${cancelled} cancelled), ${noticesTotal} confirmation notices`;
  }

  async #checkPurchases(problems: string[]): Promise<string> {
    const accepted = [...this.purchases.values()];
    const users = [...new Set(accepted.map((a) => a.userId))];
    const db = this.#db('musicfest-ticketing').db;
    const rows = (
      await sql<{ id: string; status: string; tickets: number; paymentId: string; valid: number }>`
        SELECT p.id, p.status, p.tickets, p.payment_id AS "paymentId",
          (SELECT count(*)::int FROM tickets t WHERE t.purchase_id = p.id AND t.status = 'VALID') AS valid
        FROM purchases p WHERE p.user_id = ANY(${users}::uuid[])`.execute(db)
    ).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of accepted)
      if (!byId.has(a.id)) problems.push(`purchase ${a.id} (key ${a.key}) was accepted and lost`);
    const acceptedIds = new Set(accepted.map((a) => a.id));
    for (const r of rows)
      if (!acceptedIds.has(r.id)) problems.push(`purchase ${r.id} exists but no request was accepted for it`);
    for (const r of rows) {
      const want = r.status === 'COMPLETED' ? r.tickets : 0;
      if (r.valid !== want) problems.push(`purchase ${r.id} ${r.status}: ${r.valid} valid tickets, expected ${want}`);
      if (r.status === 'PENDING' || r.status === 'WAITLISTED') problems.push(`purchase ${r.id} still ${r.status}`);
    }
    const payments = await this.#payments(rows.map((r) => r.paymentId));
    for (const r of rows.filter((x) => x.status === 'COMPLETED')) {
      if (payments.get(r.paymentId)?.status !== 'AUTHORIZED') {
        problems.push(`purchase ${r.id} COMPLETED but its payment is ${payments.get(r.paymentId)?.status}`);
      }
    }
    // No seat leaks: every ticket type's counts are what its live purchases hold.
    const leaks = (
      await sql<{ id: string; reserved: number; sold: number; pending: number; completed: number }>`
        SELECT tt.id, tt.reserved, tt.sold,
          COALESCE(SUM(i.quantity) FILTER (WHERE p.status = 'PENDING'), 0)::int AS pending,
          COALESCE(SUM(i.quantity) FILTER (WHERE p.status = 'COMPLETED'), 0)::int AS completed
        FROM ticket_types tt
        LEFT JOIN purchase_items i ON i.ticket_type_id = tt.id
        LEFT JOIN purchases p ON p.id = i.purchase_id
        GROUP BY tt.id HAVING tt.reserved <> COALESCE(SUM(i.quantity) FILTER (WHERE p.status = 'PENDING'), 0)
          OR tt.sold <> COALESCE(SUM(i.quantity) FILTER (WHERE p.status = 'COMPLETED'), 0)`.execute(db)
    ).rows;
    for (const l of leaks) {
      problems.push(
        `ticket type ${l.id}: reserved ${l.reserved} sold ${l.sold}, purchases hold ${l.pending} and ${l.completed}`,
      );
    }
    const completed = rows.filter((r) => r.status === 'COMPLETED');
    const tickets = completed.reduce((s, r) => s + r.valid, 0);
    return `${accepted.length} purchases accepted → ${rows.length} stored (${completed.length} completed, ${tickets} tickets), ${leaks.length} seat leaks`;
  }

  #paymentIds = new Set<string>();

  async #payments(ids: string[]): Promise<Map<string, { status: string }>> {
    for (const id of ids) this.#paymentIds.add(id);
    const rows = (
      await sql<{ id: string; status: string }>`SELECT id, status FROM payments WHERE id = ANY(${ids}::uuid[])`.execute(
        this.#db('payments').db,
      )
    ).rows;
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Every payment was asked for once and charged at most once at the provider, and its
   * transitions form one chain (each starts where the one before ended): per-key order kept.
   */
  async #checkPayments(problems: string[]): Promise<string> {
    const ids = [...this.#paymentIds];
    const db = this.#db('payments').db;
    const events = (
      await sql<{ paymentId: string; type: string; detail: { from?: string; to?: string } }>`
        SELECT payment_id AS "paymentId", type, detail FROM payment_events
        WHERE payment_id = ANY(${ids}::uuid[]) ORDER BY id`.execute(db)
    ).rows;
    const charges = (
      await sql<{ key: string; n: number }>`
        SELECT idempotency_key AS key, count(*)::int AS n FROM sandbox_intents
        WHERE idempotency_key = ANY(${ids}::text[]) GROUP BY idempotency_key`.execute(db)
    ).rows;
    let totalCharges = 0;
    for (const c of charges) {
      totalCharges += c.n;
      if (c.n > 1) problems.push(`payment ${c.key} charged ${c.n} times at the provider`);
    }
    let transitions = 0;
    for (const id of ids) {
      const mine = events.filter((e) => e.paymentId === id);
      const requested = mine.filter((e) => e.type === 'requested').length;
      if (requested > 1) problems.push(`payment ${id} requested ${requested} times`);
      let at = 'PENDING';
      for (const e of mine.filter((x) => x.detail?.from !== undefined)) {
        transitions++;
        if (e.detail.from !== at)
          problems.push(`payment ${id}: transition ${e.detail.from}→${e.detail.to} after ${at}`);
        at = e.detail.to ?? at;
      }
    }
    return `${ids.length} payments, ${totalCharges} provider charges, ${transitions} transitions in order`;
  }
}
