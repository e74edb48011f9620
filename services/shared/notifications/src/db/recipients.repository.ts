import type { Locale } from '@coordina/identity/contracts';
import { type Db, sql } from '@coordina/platform';

export interface Recipient {
  userId: string;
  email: string;
  name: string;
  roles?: string[];
  locale?: Locale;
}

/** The local replica of accounts (table `users`), filled from user.registered. */
export class RecipientsRepository {
  async upsert(q: Db, r: Recipient): Promise<void> {
    await sql`INSERT INTO users (user_id, email, name, roles, locale)
      VALUES (${r.userId}, ${r.email}, ${r.name}, ${r.roles ?? []}, ${r.locale ?? 'es'})
      ON CONFLICT (user_id) DO UPDATE
      SET email = excluded.email, name = excluded.name, roles = excluded.roles, locale = excluded.locale`.execute(q);
  }

  /** Everyone holding a role, e.g. the platform admins who receive operations alerts. */
  async withRole(q: Db, role: string): Promise<Recipient[]> {
    const r = await sql<Recipient>`SELECT user_id AS "userId", email, name, locale FROM users
      WHERE ${role} = ANY(roles) ORDER BY user_id`.execute(q);
    return r.rows;
  }

  async find(q: Db, userId: string): Promise<Recipient | undefined> {
    const r = await sql<Recipient>`SELECT user_id AS "userId", email, name, locale FROM users
      WHERE user_id = ${userId}`.execute(q);
    return r.rows[0];
  }
}
