import { type Db, sql } from '@coordina/platform';
import type { LockoutRule } from '../domain/access.policy';

/** The lockout state of one (account, source) pair after one sign-in attempt. */
export interface LockoutState {
  /** Failures counted in the current window (they keep counting while locked). */
  failures: number;
  locked: boolean;
  /** This very attempt locked the pair (exactly once per lock). */
  justLocked: boolean;
  until: Date | null;
  /** Whole seconds until the lock ends (at least 1) when locked. */
  retryAfter: number;
}

type Row = { failures: number; locked: boolean; until: Date | null; retryAfter: number | null };

/** The source that stands for every source of an account (its account-wide counter). */
export const ANY_SOURCE = '*';

/** Consecutive locks of a pair double its lock, up to 2^6 times the rule's (progressive delay). */
const MAX_DOUBLINGS = 6;

/**
 * Failed sign-ins counted per account key (the lower-cased email, known account or not) and
 * source (the client IP, or `ANY_SOURCE`), each by one INSERT ... ON CONFLICT DO UPDATE ...
 * RETURNING: the row lock serializes concurrent attempts, so there is no check-then-write
 * race. A failure after the window (or after a lock ended) starts the count afresh; each lock
 * of a pair within a day of its previous one lasts twice as long (a success resets that).
 */
export class LockoutRepository {
  async recordFailure(q: Db, key: string, source: string, rule: LockoutRule): Promise<LockoutState> {
    const window = sql`make_interval(secs => ${rule.windowSeconds})`;
    const live = sql`f.locked_until > now()`;
    const fresh = sql`(f.first_failure_at IS NULL OR f.first_failure_at <= now() - ${window} OR f.locked_until <= now())`;
    const count = sql`(CASE WHEN ${fresh} THEN 1 ELSE f.failures + 1 END)`;
    const previousLocks = sql`(CASE WHEN f.last_lock_until > now() - interval '1 day' THEN f.locks ELSE 0 END)`;
    const lockFor = (locks: unknown) =>
      sql`now() + make_interval(secs => ${rule.lockSeconds} * power(2, least(${locks}, ${MAX_DOUBLINGS})))`;
    const locksNow = rule.maxFailures <= 1;
    const r = await sql<Row>`INSERT INTO login_failures AS f
        (account_key, source, failures, first_failure_at, locked_until, last_lock_until, locks)
      VALUES (${key}, ${source}, 1, now(), ${locksNow ? lockFor(0) : null}, ${locksNow ? lockFor(0) : null},
        ${locksNow ? 1 : 0})
      ON CONFLICT (account_key, source) DO UPDATE SET
        failures = CASE WHEN ${live} THEN f.failures + 1 ELSE ${count} END,
        first_failure_at = CASE WHEN ${live} THEN f.first_failure_at WHEN ${fresh} THEN now() ELSE f.first_failure_at END,
        locked_until = CASE WHEN ${live} THEN f.locked_until
          WHEN ${count} >= ${rule.maxFailures} THEN ${lockFor(previousLocks)} ELSE NULL END,
        last_lock_until = CASE WHEN ${live} THEN f.last_lock_until
          WHEN ${count} >= ${rule.maxFailures} THEN ${lockFor(previousLocks)} ELSE f.last_lock_until END,
        locks = CASE WHEN ${live} THEN f.locks WHEN ${count} >= ${rule.maxFailures} THEN ${previousLocks} + 1
          ELSE f.locks END
      RETURNING ${returning}`.execute(q);
    return toState(r.rows[0], rule.maxFailures);
  }

  /** A right password from `source`: resets its count and its progression, unless it is locked. */
  async recordSuccess(q: Db, key: string, source: string): Promise<LockoutState> {
    const r = await sql<Row>`UPDATE login_failures AS f SET
        failures = CASE WHEN f.locked_until > now() THEN f.failures ELSE 0 END,
        first_failure_at = CASE WHEN f.locked_until > now() THEN f.first_failure_at ELSE NULL END,
        locks = CASE WHEN f.locked_until > now() THEN f.locks ELSE 0 END,
        locked_until = CASE WHEN f.locked_until > now() THEN f.locked_until ELSE NULL END
      WHERE account_key = ${key} AND source = ${source}
      RETURNING ${returning}`.execute(q);
    return toState(r.rows[0], Number.POSITIVE_INFINITY);
  }

  /** The current state of a pair, without counting anything. */
  async state(q: Db, key: string, source: string): Promise<LockoutState> {
    const r = await sql<Row>`SELECT ${returning} FROM login_failures AS f
      WHERE account_key = ${key} AND source = ${source}`.execute(q);
    return toState(r.rows[0], Number.POSITIVE_INFINITY);
  }

  /** Forgets every count and lock of an account (after a password reset). */
  async clear(q: Db, key: string): Promise<void> {
    await sql`DELETE FROM login_failures WHERE account_key = ${key}`.execute(q);
  }
}

const returning = sql`f.failures AS failures, coalesce(f.locked_until > now(), false) AS locked,
  f.locked_until AS until, ceil(extract(epoch FROM f.locked_until - now()))::int AS "retryAfter"`;

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
