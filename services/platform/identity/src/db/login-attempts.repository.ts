import { type Db, sql } from '@coordina/platform';

/**
 * Login attempts per normalized email. Callers serialize attempts for one email with
 * `lock` (a transaction-scoped advisory lock), so counting and recording cannot race.
 */
export class LoginAttemptsRepository {
  /** Takes the per-email lock and returns the database clock. */
  async lock(tx: Db, emailKey: string): Promise<Date> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('identity.login'), hashtext(${emailKey}))`.execute(tx);
    const r = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(tx);
    const now = r.rows[0]?.now;
    if (!now) throw new Error('no clock');
    return now;
  }

  /** Failures after `since` and after the last success, newest first. */
  async recentFailures(tx: Db, emailKey: string, since: Date, limit: number): Promise<Date[]> {
    const r = await sql<{ at: Date }>`SELECT at FROM login_attempts
      WHERE email_key = ${emailKey} AND NOT succeeded AND at > ${since}
        AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email_key = ${emailKey} AND succeeded), '-infinity')
      ORDER BY at DESC LIMIT ${limit}`.execute(tx);
    return r.rows.map((row) => row.at);
  }

  async record(tx: Db, emailKey: string, userId: string | undefined, succeeded: boolean, at: Date): Promise<void> {
    await sql`INSERT INTO login_attempts (email_key, user_id, succeeded, at)
      VALUES (${emailKey}, ${userId ?? null}, ${succeeded}, ${at})`.execute(tx);
    // Keep the table small: older attempts never matter again.
    await sql`DELETE FROM login_attempts WHERE email_key = ${emailKey} AND at < ${at}::timestamptz - interval '1 day'`.execute(
      tx,
    );
  }
}
