import { sql } from 'kysely';
import type { Tx } from '../db/database';

/**
 * Serialises everything done for one key of a consumer group (handling, parking, holding,
 * draining): a transaction-scoped advisory lock on (group, key), released at commit or rollback.
 */
export class KeyLock {
  constructor(readonly group: string) {}

  async lock(tx: Tx, key: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${this.group}), hashtext(${key}))`.execute(tx);
  }

  /**
   * Locks several keys with one statement, in the order of their locks' hashes: any two
   * transactions that lock several keys this way take the locks they share in the same order,
   * so they never deadlock on them (a transaction locking one key cannot be part of a cycle).
   */
  async lockMany(tx: Tx, keys: readonly string[]): Promise<void> {
    if (keys.length === 1) return this.lock(tx, keys[0] as string);
    if (keys.length === 0) return;
    await sql`SELECT count(pg_advisory_xact_lock(hashtext(${this.group}), h)) FROM (
      SELECT DISTINCT hashtext(k) AS h FROM unnest(${[...keys]}::text[]) AS k ORDER BY 1) AS ordered`.execute(tx);
  }
}
