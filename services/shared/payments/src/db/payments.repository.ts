import { type Db, type EventData, sql } from '@coordina/platform';
import type { PagoSolicitar } from '../contracts/events';
import { maskPhone } from '../domain/masked-phone';
import type { PaymentStatus } from '../domain/payment.state-machine';
import type { PaymentRecord } from './payment.record';

type Requested = EventData<typeof PagoSolicitar>;

/** What payments keeps of a payment method: the id, or a wallet's masked phone (never the approval code). */
function keptMethod(r: Requested): string {
  return typeof r.paymentMethod === 'string' ? r.paymentMethod : maskPhone(r.paymentMethod.phone);
}

const columns = sql`id, saga_id AS "sagaId", saga_name AS "sagaName", user_id AS "userId", amount, currency, payment_method AS "paymentMethod",
  reference, description, provider, provider_ref AS "providerRef", status, refunded_amount AS "refundedAmount",
  refund_reason AS "refundReason", failure_reason AS "failureReason", created_at AS "createdAt",
  refunds_committed AS "refundsCommitted", charge_attempts AS "chargeAttempts", first_attempt_at AS "firstAttemptAt",
  igv_amount AS "igvAmount"`;

/** Payments, keyed by the requester's paymentId: a second insert for one id does nothing. */
export class PaymentsRepository {
  /** Records a charge request as PENDING; false when the id is already known. */
  async insertRequested(q: Db, r: Requested, provider: string): Promise<boolean> {
    const res = await sql`INSERT INTO payments
        (id, saga_id, saga_name, user_id, amount, currency, payment_method, reference, description, provider, status,
         igv_amount)
      VALUES (${r.paymentId}, ${r.sagaId}, ${r.saga ?? null}, ${r.userId}, ${r.amount}, ${r.currency}, ${keptMethod(r)},
        ${r.reference}, ${r.description ?? null}, ${provider}, 'PENDING', ${r.igvCents ?? null})
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    return res.rows.length === 1;
  }

  /** Remembers a void asked for a payment not requested yet; false when the id is already known. */
  async insertVoided(q: Db, id: string, provider: string, reason: string): Promise<boolean> {
    const res = await sql`INSERT INTO payments (id, provider, status, refund_reason)
      VALUES (${id}, ${provider}, 'VOIDED', ${reason})
      ON CONFLICT DO NOTHING RETURNING id`.execute(q);
    return res.rows.length === 1;
  }

  /** Fills in the details of a payment voided before its request arrived. */
  async fillDetails(q: Db, r: Requested, provider: string): Promise<PaymentRecord | undefined> {
    const res =
      await sql<PaymentRecord>`UPDATE payments SET saga_id = ${r.sagaId}, saga_name = ${r.saga ?? null}, user_id = ${r.userId},
        amount = ${r.amount}, currency = ${r.currency}, payment_method = ${keptMethod(r)}, provider = ${provider},
        reference = ${r.reference}, description = ${r.description ?? null}, igv_amount = ${r.igvCents ?? null},
        updated_at = now()
      WHERE id = ${r.paymentId} AND user_id IS NULL RETURNING ${columns}`.execute(q);
    return res.rows[0];
  }

  async find(q: Db, id: string): Promise<PaymentRecord | undefined> {
    const res = await sql<PaymentRecord>`SELECT ${columns} FROM payments WHERE id = ${id}`.execute(q);
    return res.rows[0];
  }

  /** The payment, locked until the transaction ends (transitions are serialized per payment). */
  async lock(q: Db, id: string): Promise<PaymentRecord | undefined> {
    const res = await sql<PaymentRecord>`SELECT ${columns} FROM payments WHERE id = ${id} FOR UPDATE`.execute(q);
    return res.rows[0];
  }

  async lockByProviderRef(q: Db, provider: string, ref: string): Promise<PaymentRecord | undefined> {
    const res = await sql<PaymentRecord>`SELECT ${columns} FROM payments
      WHERE provider = ${provider} AND provider_ref = ${ref} FOR UPDATE`.execute(q);
    return res.rows[0];
  }

  async setProviderRef(q: Db, id: string, ref: string): Promise<void> {
    await sql`UPDATE payments SET provider_ref = ${ref}, updated_at = now() WHERE id = ${id}`.execute(q);
  }

  /** Counts a charge attempt; returns how many were made and when the first one was. */
  async countAttempt(q: Db, id: string): Promise<{ attempts: number; firstAt: Date }> {
    const r = await sql<{ attempts: number; firstAt: Date }>`UPDATE payments
      SET charge_attempts = charge_attempts + 1, first_attempt_at = coalesce(first_attempt_at, now()), updated_at = now()
      WHERE id = ${id} RETURNING charge_attempts AS attempts, first_attempt_at AS "firstAt"`.execute(q);
    const row = r.rows[0];
    if (!row) throw new Error(`payment ${id} vanished`);
    return row;
  }

  /**
   * Commits `amount` more to refunds, accepted at once (a partial refund): false, changing
   * nothing, when that would pass the captured amount. The caller holds the row lock; the
   * CHECK constraint is the last line.
   */
  async commitRefund(q: Db, id: string, amount: number): Promise<boolean> {
    const r = await sql`UPDATE payments SET refunds_committed = refunds_committed + ${amount},
        refunded_amount = refunded_amount + ${amount}, updated_at = now()
      WHERE id = ${id} AND refunds_committed + ${amount} <= amount RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  async update(
    q: Db,
    id: string,
    patch: {
      status: PaymentStatus;
      refundedAmount?: number;
      refundsCommitted?: number;
      refundReason?: string;
      failureReason?: string;
    },
  ): Promise<void> {
    await sql`UPDATE payments SET status = ${patch.status},
        refunded_amount = coalesce(${patch.refundedAmount ?? null}::bigint, refunded_amount),
        refunds_committed = coalesce(${patch.refundsCommitted ?? null}::bigint, refunds_committed),
        refund_reason = coalesce(${patch.refundReason ?? null}, refund_reason),
        failure_reason = coalesce(${patch.failureReason ?? null}, failure_reason),
        updated_at = now()
      WHERE id = ${id}`.execute(q);
  }
}
