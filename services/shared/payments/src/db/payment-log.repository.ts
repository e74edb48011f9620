import { type Db, sql } from '@coordina/platform';

export interface PaymentLogEntry {
  /** The entry's place in the whole log (increasing). */
  seq: number;
  paymentId: string;
  type: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** The immutable transaction log (payment_events): appended on every transition, never changed. */
export class PaymentLogRepository {
  async append(q: Db, paymentId: string, type: string, detail: Record<string, unknown> = {}): Promise<void> {
    await sql`INSERT INTO payment_events (payment_id, type, detail)
      VALUES (${paymentId}, ${type}, ${JSON.stringify(detail)}::jsonb)`.execute(q);
  }

  async list(q: Db, paymentId: string): Promise<PaymentLogEntry[]> {
    const r =
      await sql<PaymentLogEntry>`SELECT id AS seq, payment_id AS "paymentId", type, detail, at FROM payment_events
      WHERE payment_id = ${paymentId} ORDER BY id`.execute(q);
    return r.rows;
  }
}
