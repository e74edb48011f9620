import { sql } from 'kysely';
import type { Tx } from '../db/database';

/**
 * Serialises everything done for one key of a consumer group (handling, parking, holding,
 * draining): a transaction-scoped advisory lock on (group, key), released at commit or rollback.
 * The inbox's claim function (`coordina_inbox_claim`, decision 0093) takes the same locks.
 */
export class KeyLock {
  constructor(readonly group: string) {}

  async lock(tx: Tx, key: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${this.group}), hashtext(${key}))`.execute(tx);
  }
}
