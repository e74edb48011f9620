import { type Db, sql } from '@coordina/platform';

/** A subscription row as the write paths read it (locked). */
export interface LockedSubscription {
  status: 'active' | 'pending_payment' | 'renewing' | 'payment_failed';
  running: boolean;
  cancelled: boolean;
  paymentMethod: string | null;
}

/** A charge to start: the first month or a renewal. */
export type Charge = {
  channelId: string;
  userId: string;
  paymentId: string;
  paymentMethod: string;
  amountCents: number;
  channelTitle: string;
  renewal: boolean;
};

/** Subscriptions' writes: each a conditional statement on the (channel, user) row. */
export class SubscriptionsRepository {
  /** A free channel's subscription: created active, or its `muted` changed. */
  /** Subscribes to a free channel or changes `muted`; true when the subscription is new. */
  async upsertFree(q: Db, channelId: string, userId: string, muted: boolean | undefined): Promise<boolean> {
    const r = await sql<{ inserted: boolean }>`INSERT INTO subscriptions (channel_id, user_id, muted, status)
      VALUES (${channelId}, ${userId}, ${muted ?? false}, 'active')
      ON CONFLICT (channel_id, user_id) DO UPDATE SET muted = coalesce(${muted ?? null}::boolean, subscriptions.muted)
      RETURNING (xmax = 0) AS inserted`.execute(q);
    return r.rows[0]?.inserted === true;
  }

  /** A paid channel's new subscription waiting for its first charge; false when the row exists. */
  async insertPending(
    q: Db,
    channelId: string,
    userId: string,
    muted: boolean | undefined,
    paymentId: string,
    paymentMethod: string,
  ): Promise<boolean> {
    const r = await sql`INSERT INTO subscriptions (channel_id, user_id, muted, status, payment_method, payment_id)
      VALUES (${channelId}, ${userId}, ${muted ?? false}, 'pending_payment', ${paymentMethod}, ${paymentId})
      ON CONFLICT DO NOTHING RETURNING 1`.execute(q);
    return r.rows.length > 0;
  }

  /** Locks the row for this transaction's decision; undefined when there is none. */
  async lock(q: Db, channelId: string, userId: string): Promise<LockedSubscription | undefined> {
    const r = await sql<LockedSubscription>`SELECT status, coalesce(paid_until > now(), false) AS running,
        cancelled_at IS NOT NULL AS cancelled, payment_method AS "paymentMethod"
      FROM subscriptions WHERE channel_id = ${channelId} AND user_id = ${userId} FOR UPDATE`.execute(q);
    return r.rows[0];
  }

  /** Changes `muted` and, for a running paid period, resumes its renewals (a cancel undone). */
  async keep(q: Db, channelId: string, userId: string, muted: boolean | undefined, method: string | undefined) {
    await sql`UPDATE subscriptions SET muted = coalesce(${muted ?? null}::boolean, muted), cancelled_at = NULL,
        payment_method = coalesce(${method ?? null}::text, payment_method)
      WHERE channel_id = ${channelId} AND user_id = ${userId}`.execute(q);
  }

  /** A lapsed or failed paid subscription charged again (a new first month). */
  async restart(
    q: Db,
    channelId: string,
    userId: string,
    muted: boolean | undefined,
    paymentId: string,
    paymentMethod: string,
  ): Promise<void> {
    await sql`UPDATE subscriptions SET status = 'pending_payment', payment_id = ${paymentId},
        payment_method = ${paymentMethod}, cancelled_at = NULL, muted = coalesce(${muted ?? null}::boolean, muted)
      WHERE channel_id = ${channelId} AND user_id = ${userId}`.execute(q);
  }

  /**
   * Unsubscribes: a paid subscription with a running period or a charge under way is cancelled
   * (kept until its period ends, never renewed); anything else is deleted. True only when this
   * call ended the follow (a repeated cancel, or no subscription at all, is false).
   */
  async cancel(q: Db, channelId: string, userId: string): Promise<boolean> {
    const kept = await sql<{
      changed: boolean;
    }>`UPDATE subscriptions s SET cancelled_at = coalesce(s.cancelled_at, now())
      FROM (SELECT cancelled_at FROM subscriptions WHERE channel_id = ${channelId} AND user_id = ${userId} FOR UPDATE) old
      WHERE s.channel_id = ${channelId} AND s.user_id = ${userId}
        AND (s.paid_until > now() OR s.status IN ('pending_payment', 'renewing'))
      RETURNING old.cancelled_at IS NULL AS changed`.execute(q);
    if (kept.rows.length > 0) return kept.rows[0]?.changed === true;
    const gone = await sql`DELETE FROM subscriptions WHERE channel_id = ${channelId} AND user_id = ${userId}
      RETURNING 1`.execute(q);
    return gone.rows.length > 0;
  }

  /** The charge `paymentId` was paid: the period starts (or extends from its end). Its end; undefined when stale. */
  async activate(q: Db, c: Charge, periodMs: number): Promise<Date | undefined> {
    const r = await sql<{ paidUntil: Date }>`UPDATE subscriptions
      SET status = 'active',
        paid_until = greatest(coalesce(paid_until, now()), now()) + ${periodMs} * interval '1 millisecond'
      WHERE channel_id = ${c.channelId} AND user_id = ${c.userId} AND payment_id = ${c.paymentId}
        AND status IN ('pending_payment', 'renewing')
      RETURNING paid_until AS "paidUntil"`.execute(q);
    return r.rows[0]?.paidUntil;
  }

  /** The charge `paymentId` failed: the subscription shows it (a running period still ends when it ends). */
  async failed(q: Db, c: Charge): Promise<void> {
    await sql`UPDATE subscriptions SET status = 'payment_failed'
      WHERE channel_id = ${c.channelId} AND user_id = ${c.userId} AND payment_id = ${c.paymentId}
        AND status IN ('pending_payment', 'renewing')`.execute(q);
  }

  /**
   * Takes up to `limit` subscriptions whose period ends within `aheadMs` and that are not
   * cancelled, marks them `renewing` with a new payment id and returns their charges. Instances
   * sweeping at once take different rows (SKIP LOCKED); a row is taken once per period.
   */
  async takeRenewals(q: Db, aheadMs: number, limit: number): Promise<Charge[]> {
    const r = await sql<Charge>`WITH due AS (
        SELECT s.channel_id, s.user_id FROM subscriptions s
        WHERE s.status = 'active' AND s.cancelled_at IS NULL AND s.paid_until IS NOT NULL
          AND s.payment_method IS NOT NULL AND s.paid_until <= now() + ${aheadMs} * interval '1 millisecond'
        ORDER BY s.paid_until LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      UPDATE subscriptions s SET status = 'renewing', payment_id = gen_random_uuid()
      FROM due, channels c
      WHERE s.channel_id = due.channel_id AND s.user_id = due.user_id AND c.id = s.channel_id
        AND c.monthly_price_cents IS NOT NULL
      RETURNING s.channel_id AS "channelId", s.user_id AS "userId", s.payment_id AS "paymentId",
        s.payment_method AS "paymentMethod", c.monthly_price_cents AS "amountCents",
        c.title AS "channelTitle", true AS renewal`.execute(q);
    return r.rows;
  }
}
