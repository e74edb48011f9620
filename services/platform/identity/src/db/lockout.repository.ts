import { type Db, sql } from '@coordina/platform';
import type { LockoutRule } from '../domain/access.policy';

/** The lockout state of an account after one sign-in attempt. */
export interface LockoutState {
  /** Failures counted in the current window (they keep counting while locked). */
  failures: number;
  locked: boolean;
  /** This very attempt locked the account (exactly once per lock). */
  justLocked: boolean;
  until: Date | null;
  /** Whole seconds until the lock ends (at least 1) when locked. */
  retryAfter: number;
}

type Row = { failures: number; locked: boolean; until: Date | null; retryAfter: number | null };

/**
 * Failed sign-ins counted on the account row by one UPDATE ... RETURNING: the row lock
 * serializes concurrent attempts, so there is no check-then-write race. A failure after the
 * window (or after a lock ended) starts the count afresh.
 */
export class LockoutRepository {
  async recordFailure(q: Db, userId: string, rule: LockoutRule): Promise<LockoutState> {
    const window = sql`make_interval(secs => ${rule.windowSeconds})`;
    const fresh = sql`(first_failure_at IS NULL OR first_failure_at <= now() - ${window} OR locked_until <= now())`;
    const r = await sql<Row>`UPDATE users SET
        failed_logins = CASE WHEN locked_until > now() THEN failed_logins + 1
          WHEN ${fresh} THEN 1 ELSE failed_logins + 1 END,
        first_failure_at = CASE WHEN locked_until > now() THEN first_failure_at
          WHEN ${fresh} THEN now() ELSE first_failure_at END,
        locked_until = CASE WHEN locked_until > now() THEN locked_until
          WHEN (CASE WHEN ${fresh} THEN 1 ELSE failed_logins + 1 END) >= ${rule.maxFailures}
            THEN now() + make_interval(secs => ${rule.lockSeconds})
          ELSE NULL END
      WHERE id = ${userId}
      RETURNING ${returning}`.execute(q);
    return toState(r.rows[0], rule.maxFailures);
  }

  /** A right password: resets the count, unless the account is locked (then it stays refused). */
  async recordSuccess(q: Db, userId: string): Promise<LockoutState> {
    const r = await sql<Row>`UPDATE users SET
        failed_logins = CASE WHEN locked_until > now() THEN failed_logins ELSE 0 END,
        first_failure_at = CASE WHEN locked_until > now() THEN first_failure_at ELSE NULL END,
        locked_until = CASE WHEN locked_until > now() THEN locked_until ELSE NULL END
      WHERE id = ${userId}
      RETURNING ${returning}`.execute(q);
    return toState(r.rows[0], Number.POSITIVE_INFINITY);
  }
}

const returning = sql`failed_logins AS failures, coalesce(locked_until > now(), false) AS locked,
  locked_until AS until, ceil(extract(epoch FROM locked_until - now()))::int AS "retryAfter"`;

function toState(row: Row | undefined, maxFailures: number): LockoutState {
  if (!row) return { failures: 0, locked: false, justLocked: false, until: null, retryAfter: 0 };
  return {
    failures: row.failures,
    locked: row.locked,
    justLocked: row.locked && row.failures === maxFailures,
    until: row.until,
    retryAfter: row.locked ? Math.max(1, row.retryAfter ?? 1) : 0,
  };
}
