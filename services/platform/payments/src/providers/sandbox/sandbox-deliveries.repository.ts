import { type Db, sql } from '@coordina/platform';

export interface DueDelivery {
  eventId: string;
  payload: string;
  attempts: number;
}

/** How long a claimed delivery stays invisible to other claimers while it is being sent. */
const LEASE = sql`interval '30 seconds'`;

/** Webhook deliveries of the sandbox provider: rows retried until a 2xx, so a crash loses none. */
export class SandboxDeliveriesRepository {
  async schedule(q: Db, eventId: string, intentId: string, payload: string, delayMs: number): Promise<void> {
    await sql`INSERT INTO sandbox_webhook_deliveries (event_id, intent_id, payload, next_attempt_at)
      VALUES (${eventId}, ${intentId}, ${payload}, now() + make_interval(secs => ${delayMs / 1000}))
      ON CONFLICT DO NOTHING`.execute(q);
  }

  /** Claims due deliveries (FOR UPDATE SKIP LOCKED) and leases them: a crashed sender's lease expires. */
  async claimDue(q: Db, limit: number): Promise<DueDelivery[]> {
    const r = await sql<DueDelivery>`WITH due AS (
        SELECT event_id FROM sandbox_webhook_deliveries
        WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      UPDATE sandbox_webhook_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = now() + ${LEASE}
      FROM due WHERE d.event_id = due.event_id
      RETURNING d.event_id AS "eventId", d.payload, d.attempts`.execute(q);
    return r.rows;
  }

  async markDelivered(q: Db, eventId: string, status: number): Promise<void> {
    await sql`UPDATE sandbox_webhook_deliveries SET delivered_at = now(), last_status = ${status}, last_error = NULL
      WHERE event_id = ${eventId}`.execute(q);
  }

  /** Records a failed attempt; retries after `retryInMs`, or gives up when it is undefined. */
  async markFailed(
    q: Db,
    eventId: string,
    status: number | null,
    error: string,
    retryInMs: number | undefined,
  ): Promise<void> {
    await sql`UPDATE sandbox_webhook_deliveries SET last_status = ${status}, last_error = ${error.slice(0, 1000)},
        next_attempt_at = now() + make_interval(secs => ${(retryInMs ?? 0) / 1000}),
        gave_up_at = ${retryInMs === undefined ? sql`now()` : sql`NULL`}
      WHERE event_id = ${eventId}`.execute(q);
  }

  /** Milliseconds until the next pending delivery is due (0 if overdue), or undefined if none. */
  async msUntilNextDue(q: Db): Promise<number | undefined> {
    // Not GREATEST(0, ...) in SQL: GREATEST ignores NULL, so "no delivery" would read as "due now".
    const r = await sql<{ ms: number | null }>`SELECT
        (extract(epoch FROM (min(next_attempt_at) - now())) * 1000)::float8 AS ms
      FROM sandbox_webhook_deliveries WHERE delivered_at IS NULL AND gave_up_at IS NULL`.execute(q);
    const ms = r.rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.max(0, ms);
  }
}
