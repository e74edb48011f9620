import { type Db, sql } from '@coordina/platform';

/** The test-only fault switch of the ticket issuer. */
export class FaultsRepository {
  async set(q: Db, purchaseId: string, failures: number): Promise<void> {
    await sql`INSERT INTO test_faults (purchase_id, target, failures) VALUES (${purchaseId}, 'issuer', ${failures})
      ON CONFLICT (purchase_id) DO UPDATE SET failures = EXCLUDED.failures`.execute(q);
  }

  async clear(q: Db, purchaseId: string): Promise<void> {
    await sql`DELETE FROM test_faults WHERE purchase_id = ${purchaseId}`.execute(q);
  }

  /** Uses up one injected failure set for the purchase or its buyer; true when this attempt must fail. */
  async consume(q: Db, purchaseId: string): Promise<boolean> {
    const r = await sql`UPDATE test_faults SET failures = failures - 1
      WHERE failures > 0 AND (purchase_id = ${purchaseId}
        OR purchase_id = (SELECT user_id FROM purchases WHERE id = ${purchaseId})) RETURNING failures`.execute(q);
    return r.rows.length > 0;
  }
}
