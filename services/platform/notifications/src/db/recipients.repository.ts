import { type Db, sql } from '@coordina/platform';

export interface Recipient {
  userId: string;
  email: string;
  name: string;
}

/** The local replica of accounts (table `users`), filled from user.registered. */
export class RecipientsRepository {
  async upsert(q: Db, r: Recipient): Promise<void> {
    await sql`INSERT INTO users (user_id, email, name) VALUES (${r.userId}, ${r.email}, ${r.name})
      ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name`.execute(q);
  }

  async find(q: Db, userId: string): Promise<Recipient | undefined> {
    const r = await sql<Recipient>`SELECT user_id AS "userId", email, name FROM users
      WHERE user_id = ${userId}`.execute(q);
    return r.rows[0];
  }
}
