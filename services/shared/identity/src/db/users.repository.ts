import { type Db, sql } from '@coordina/platform';
import type { UserRecord } from './user.record';

const columns = sql`id, email, name, password_hash AS "passwordHash", roles, system, locale, phone, country,
  to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", email_verified_at IS NOT NULL AS "emailVerified",
  session_version AS "sessionVersion"`;

/** Accounts. Email uniqueness is the database's job (unique index on lower(email)). */
export class UsersRepository {
  /**
   * Inserts an account; returns false when the email (any case) or the id is taken.
   * The unique index decides, so two concurrent registrations cannot both win.
   */
  async insert(q: Db, user: UserRecord): Promise<boolean> {
    const r = await sql`INSERT INTO users
        (id, email, name, password_hash, roles, system, locale, phone, country, birth_date, email_verified_at)
      VALUES (${user.id}, ${user.email}, ${user.name}, ${user.passwordHash}, ${user.roles}::text[], ${user.system},
        ${user.locale}, ${user.phone ?? null}, ${user.country ?? null}, ${user.birthDate ?? null}::date,
        ${user.emailVerified ? sql`now()` : sql`NULL`})
      ON CONFLICT DO NOTHING
      RETURNING id`.execute(q);
    return r.rows.length === 1;
  }

  async findByEmail(q: Db, email: string): Promise<UserRecord | undefined> {
    const r = await sql<UserRecord>`SELECT ${columns} FROM users WHERE lower(email) = lower(${email})`.execute(q);
    return r.rows[0];
  }

  async findById(q: Db, id: string): Promise<UserRecord | undefined> {
    const r = await sql<UserRecord>`SELECT ${columns} FROM users WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  async markEmailVerified(q: Db, id: string): Promise<void> {
    await sql`UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = ${id}`.execute(q);
  }

  /**
   * Sets a new password hash and clears the lockout. The emailed link proved the address,
   * so it also counts as verified.
   */
  async resetPassword(q: Db, id: string, passwordHash: string): Promise<void> {
    await sql`UPDATE users SET password_hash = ${passwordHash}, failed_logins = 0, first_failure_at = NULL,
      locked_until = NULL, email_verified_at = coalesce(email_verified_at, now()) WHERE id = ${id}`.execute(q);
  }

  /** Ends every session of the user: returns the new session version (decision 0027). */
  async bumpSessionVersion(q: Db, id: string): Promise<number> {
    const r = await sql<{ v: number }>`UPDATE users SET session_version = session_version + 1,
        sessions_ended_at = now()
      WHERE id = ${id} RETURNING session_version AS v`.execute(q);
    return r.rows[0]?.v ?? 0;
  }

  /** Users whose sessions were ended within the last `seconds` (access tokens from before may still live). */
  async recentSessionEnds(q: Db, seconds: number): Promise<{ id: string; sessionVersion: number }[]> {
    const r = await sql<{ id: string; sessionVersion: number }>`SELECT id, session_version AS "sessionVersion"
      FROM users WHERE sessions_ended_at > now() - make_interval(secs => ${seconds})`.execute(q);
    return r.rows;
  }

  /** Marks the first sign-in; true only for the one call that did (atomic on the row). */
  async markFirstSignIn(q: Db, id: string): Promise<boolean> {
    const r = await sql`UPDATE users SET first_sign_in_at = now()
      WHERE id = ${id} AND first_sign_in_at IS NULL RETURNING id`.execute(q);
    return r.rows.length === 1;
  }
}
