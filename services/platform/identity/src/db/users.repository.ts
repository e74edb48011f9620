import { type Db, sql } from '@coordina/platform';
import type { UserRecord } from './user.record';

const columns = sql`id, email, name, password_hash AS "passwordHash", roles`;

/** Accounts. Email uniqueness is the database's job (unique index on lower(email)). */
export class UsersRepository {
  /**
   * Inserts an account; returns false when the email (any case) or the id is taken.
   * The unique index decides, so two concurrent registrations cannot both win.
   */
  async insert(q: Db, user: UserRecord): Promise<boolean> {
    const r = await sql`INSERT INTO users (id, email, name, password_hash, roles)
      VALUES (${user.id}, ${user.email}, ${user.name}, ${user.passwordHash}, ${user.roles}::text[])
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
}
