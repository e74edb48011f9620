import { type Db, sql } from '@coordina/platform';

/** A refund an admin asked for (table payment_refunds). */
export interface PaymentRefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  reason: string;
  requestedBy: string;
  createdAt: Date;
}

const columns = sql`id, payment_id AS "paymentId", amount, reason, requested_by AS "requestedBy", created_at AS "createdAt"`;

/** Admin refunds, one per payment and Idempotency-Key. */
export class PaymentRefundsRepository {
  /** The refund made earlier with this key, if any (the caller holds the payment's row lock). */
  async findByKey(q: Db, paymentId: string, key: string): Promise<PaymentRefundRecord | undefined> {
    const r = await sql<PaymentRefundRecord>`SELECT ${columns} FROM payment_refunds
      WHERE payment_id = ${paymentId} AND idempotency_key = ${key}`.execute(q);
    return r.rows[0];
  }

  /** The payment's admin refunds, oldest first. */
  async list(q: Db, paymentId: string): Promise<PaymentRefundRecord[]> {
    const r = await sql<PaymentRefundRecord>`SELECT ${columns} FROM payment_refunds
      WHERE payment_id = ${paymentId} ORDER BY created_at, id`.execute(q);
    return r.rows;
  }

  async insert(q: Db, refund: Omit<PaymentRefundRecord, 'createdAt'> & { key: string }): Promise<PaymentRefundRecord> {
    const r = await sql<PaymentRefundRecord>`INSERT INTO payment_refunds
        (id, payment_id, amount, reason, requested_by, idempotency_key)
      VALUES (${refund.id}, ${refund.paymentId}, ${refund.amount}, ${refund.reason}, ${refund.requestedBy}, ${refund.key})
      RETURNING ${columns}`.execute(q);
    const row = r.rows[0];
    if (!row) throw new Error('refund not inserted');
    return row;
  }
}
