import { type Db, sql } from '@coordina/platform';
import type { SandboxIntent } from './sandbox-intent.record';

const columns = sql`id, provider, idempotency_key AS "idempotencyKey", amount, currency, payment_method AS "paymentMethod",
  status, charge_id AS "chargeId", amount_refunded AS "amountRefunded", last_payment_error AS "lastPaymentError",
  metadata, extract(epoch FROM created_at)::bigint AS created`;

/** The sandbox provider's own PaymentIntents, keyed by id and unique by idempotency key. */
export class SandboxIntentsRepository {
  /** Inserts the intent unless one exists for its idempotency key; returns the stored one. */
  async insertOnce(
    q: Db,
    intent: Omit<SandboxIntent, 'created' | 'amountRefunded'>,
  ): Promise<{ intent: SandboxIntent; created: boolean }> {
    const r = await sql<SandboxIntent>`INSERT INTO sandbox_intents
        (id, provider, idempotency_key, amount, currency, payment_method, status, charge_id, last_payment_error, metadata)
      VALUES (${intent.id}, ${intent.provider}, ${intent.idempotencyKey}, ${intent.amount}, ${intent.currency}, ${intent.paymentMethod},
        ${intent.status}, ${intent.chargeId}, ${intent.lastPaymentError ? JSON.stringify(intent.lastPaymentError) : null}::jsonb,
        ${JSON.stringify(intent.metadata)}::jsonb)
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING ${columns}`.execute(q);
    const inserted = r.rows[0];
    if (inserted) return { intent: inserted, created: true };
    const found = await sql<SandboxIntent>`SELECT ${columns} FROM sandbox_intents
      WHERE idempotency_key = ${intent.idempotencyKey}`.execute(q);
    const existing = found.rows[0];
    if (!existing) throw new Error(`sandbox intent for ${intent.idempotencyKey} vanished`);
    return { intent: existing, created: false };
  }

  /**
   * Refunds `amount` of a captured intent, unless that would refund more than was captured.
   * Returns the updated intent, or undefined when nothing was refunded.
   */
  async refund(q: Db, id: string, amount: number): Promise<SandboxIntent | undefined> {
    const r = await sql<SandboxIntent>`UPDATE sandbox_intents SET amount_refunded = amount_refunded + ${amount}
      WHERE id = ${id} AND status = 'succeeded' AND amount_refunded + ${amount} <= amount
      RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /**
   * Counts a request for the charge `key` under a simulated outage; true when this request
   * is one that fails (among the first `failing`, or every one when undefined).
   */
  async faultyRequest(q: Db, key: string, failing: number | undefined): Promise<boolean> {
    const r = await sql<{ requests: number }>`INSERT INTO sandbox_faults (idempotency_key, requests) VALUES (${key}, 1)
      ON CONFLICT (idempotency_key) DO UPDATE SET requests = sandbox_faults.requests + 1
      RETURNING requests`.execute(q);
    const n = r.rows[0]?.requests ?? 1;
    return failing === undefined || n <= failing;
  }

  async find(q: Db, id: string): Promise<SandboxIntent | undefined> {
    const r = await sql<SandboxIntent>`SELECT ${columns} FROM sandbox_intents WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }
}
