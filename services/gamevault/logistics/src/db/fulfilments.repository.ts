import { type Db, sql } from '@coordina/platform';

export type FulfilmentStatus = 'PREPARING' | 'FULFILLED' | 'REFUSED' | 'ANNULLED';

export interface FulfilmentRecord {
  orderId: string;
  userId: string;
  status: FulfilmentStatus;
  reason: string | null;
}

const columns = sql`order_id AS "orderId", user_id AS "userId", status, reason`;

/** One row per order: the fulfilment command's claim and its outcome. */
export class FulfilmentsRepository {
  /** Claims the order's fulfilment; false when it was claimed (or annulled) before. */
  async claim(q: Db, orderId: string, userId: string, sagaId: string): Promise<boolean> {
    const r = await sql`INSERT INTO fulfilments (order_id, user_id, saga_id, status)
      VALUES (${orderId}, ${userId}, ${sagaId}, 'PREPARING') ON CONFLICT (order_id) DO NOTHING
      RETURNING order_id`.execute(q);
    return r.rows.length === 1;
  }

  async find(q: Db, orderId: string): Promise<FulfilmentRecord | undefined> {
    const r = await sql<FulfilmentRecord>`SELECT ${columns} FROM fulfilments WHERE order_id = ${orderId}`.execute(q);
    return r.rows[0];
  }

  async settle(q: Db, orderId: string, status: 'FULFILLED' | 'REFUSED', reason: string | null = null): Promise<void> {
    await sql`UPDATE fulfilments SET status = ${status}, reason = ${reason}, updated_at = now()
      WHERE order_id = ${orderId} AND status = 'PREPARING'`.execute(q);
  }

  /** Annuls the order's fulfilment, or marks it annulled before its command comes. */
  async annul(q: Db, orderId: string, userId: string, reason: string): Promise<void> {
    await sql`INSERT INTO fulfilments (order_id, user_id, status, reason) VALUES (${orderId}, ${userId}, 'ANNULLED', ${reason})
      ON CONFLICT (order_id) DO UPDATE SET status = 'ANNULLED', reason = EXCLUDED.reason, updated_at = now()
      WHERE fulfilments.status <> 'REFUSED'`.execute(q);
  }
}
