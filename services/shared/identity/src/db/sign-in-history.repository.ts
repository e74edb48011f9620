import { type Db, sql } from '@coordina/platform';

/** The devices and countries an account has signed in from (unique per account). */
export class SignInHistoryRepository {
  /** Records the device; true when the account had not used it before. */
  async addDevice(q: Db, userId: string, device: string): Promise<boolean> {
    const r = await sql`INSERT INTO known_devices (user_id, device) VALUES (${userId}, ${device})
      ON CONFLICT (user_id, device) DO NOTHING RETURNING user_id`.execute(q);
    return r.rows.length === 1;
  }

  /** Records the country; true when the account had not signed in from it before. */
  async addCountry(q: Db, userId: string, country: string): Promise<boolean> {
    const r = await sql`INSERT INTO known_countries (user_id, country) VALUES (${userId}, ${country})
      ON CONFLICT (user_id, country) DO NOTHING RETURNING user_id`.execute(q);
    return r.rows.length === 1;
  }
}
