import { type Db, sql } from '@coordina/platform';

export interface SealedKey {
  productId: string;
  sealed: string;
  fingerprint: string;
}

/**
 * The key pools. Keys are only ever handed out by `claim`: one UPDATE of rows picked under
 * `FOR UPDATE SKIP LOCKED` and guarded by `order_id IS NULL`, so two deliveries running at once
 * take different keys and none is taken twice.
 */
export class KeysRepository {
  /** Adds the keys; how many were new (a fingerprint already in the pool is skipped). */
  async add(q: Db, keys: readonly SealedKey[], uploadedBy: string | null): Promise<number> {
    if (keys.length === 0) return 0;
    // One statement for the whole upload, ids in upload order (keys are handed out by id).
    const r = await sql`INSERT INTO game_keys (product_id, code_sealed, fingerprint, uploaded_by)
      SELECT k.product_id, k.sealed, k.fingerprint, ${uploadedBy}::uuid
      FROM unnest(${keys.map((k) => k.productId)}::uuid[], ${keys.map((k) => k.sealed)}::text[],
        ${keys.map((k) => k.fingerprint)}::text[]) WITH ORDINALITY AS k(product_id, sealed, fingerprint, n)
      ORDER BY k.n
      ON CONFLICT (product_id, fingerprint) DO NOTHING RETURNING id`.execute(q);
    return r.rows.length;
  }

  async pool(q: Db, productId: string): Promise<{ available: number; delivered: number }> {
    const r = await sql<{ available: number; delivered: number }>`SELECT
        count(*) FILTER (WHERE order_id IS NULL)::int AS available,
        count(*) FILTER (WHERE order_id IS NOT NULL)::int AS delivered
      FROM game_keys WHERE product_id = ${productId}`.execute(q);
    return r.rows[0] ?? { available: 0, delivered: 0 };
  }

  /** Takes up to `quantity` free keys of the product for the order; how many it got. */
  async claim(q: Db, productId: string, orderId: string, quantity: number): Promise<number> {
    const r = await sql`UPDATE game_keys SET order_id = ${orderId}, delivered_at = now()
      WHERE id IN (
        SELECT id FROM game_keys WHERE product_id = ${productId} AND order_id IS NULL
        ORDER BY id LIMIT ${quantity} FOR UPDATE SKIP LOCKED
      ) AND order_id IS NULL
      RETURNING id`.execute(q);
    return r.rows.length;
  }

  /** Gives back the keys claimed in this transaction for an order that is refused as a whole. */
  async unclaim(q: Db, orderId: string): Promise<void> {
    await sql`UPDATE game_keys SET order_id = NULL, delivered_at = NULL
      WHERE order_id = ${orderId} AND revoked_at IS NULL`.execute(q);
  }

  /** Revokes an annulled order's keys: they stay the order's, are never shown nor handed out again. */
  async revoke(q: Db, orderId: string): Promise<void> {
    await sql`UPDATE game_keys SET revoked_at = now() WHERE order_id = ${orderId} AND revoked_at IS NULL`.execute(q);
  }

  /** The order's keys, sealed, not revoked. */
  async ofOrder(q: Db, orderId: string): Promise<{ productId: string; sealed: string }[]> {
    const r = await sql<{ productId: string; sealed: string }>`SELECT product_id AS "productId", code_sealed AS sealed
      FROM game_keys WHERE order_id = ${orderId} AND revoked_at IS NULL ORDER BY product_id, id`.execute(q);
    return r.rows;
  }
}
