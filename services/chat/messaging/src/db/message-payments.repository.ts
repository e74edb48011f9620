import { type Db, sql } from '@coordina/platform';
import type { PaymentStatus } from '../contracts/messaging.dto';

/** A message's payment as a JSON column of the message (null for other kinds); `m` is the message. */
export const paymentColumn = sql`(SELECT json_build_object('paymentId', p.payment_id, 'toUserId', p.payee_id,
    'amountCents', p.amount_cents, 'currency', p.currency, 'status', p.status, 'reason', p.reason)
  FROM message_payments p WHERE p.message_id = m.id) AS payment`;

export interface NewMessagePayment {
  messageId: string;
  paymentId: string;
  conversationId: string;
  payerId: string;
  payeeId: string;
  amountCents: number;
}

/** The money of payment messages; its status moves from pending once. */
export class MessagePaymentsRepository {
  async insert(q: Db, p: NewMessagePayment): Promise<void> {
    await sql`INSERT INTO message_payments (message_id, payment_id, conversation_id, payer_id, payee_id, amount_cents)
      VALUES (${p.messageId}, ${p.paymentId}, ${p.conversationId}, ${p.payerId}, ${p.payeeId}, ${p.amountCents})`.execute(
      q,
    );
  }

  /**
   * Settles a pending payment (paid or failed); the message's conversation when it moved,
   * undefined when it was settled already (a repeated reply changes nothing).
   */
  async settle(
    q: Db,
    messageId: string,
    status: Exclude<PaymentStatus, 'pending'>,
    reason: string | null,
  ): Promise<string | undefined> {
    const r = await sql<{ conversationId: string }>`UPDATE message_payments
      SET status = ${status}, reason = ${reason}, updated_at = now()
      WHERE message_id = ${messageId} AND status = 'pending'
      RETURNING conversation_id AS "conversationId"`.execute(q);
    return r.rows[0]?.conversationId;
  }
}
