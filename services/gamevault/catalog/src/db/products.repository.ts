import { type Db, sql } from '@coordina/platform';
import type { ProductSearchQuery, ProductView, UpdateProductBody } from '../contracts/products.dto';
import type { NewProduct } from '../domain/product.rules';
import { ProductSearchSql } from './product-search.sql';

const columns = sql`p.id, p.title, p.description, p.console, p.genre, p.condition, p.rarity, p.format,
  p.price_cents AS "priceCents", p.stock, p.seller_id AS "sellerId",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  p.rating::float8 AS rating, p.rating_count AS "ratingCount"`;

type ProductRow = Omit<ProductView, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const view = (r: ProductRow): ProductView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Products: rows, partial updates and the public search. */
export class ProductsRepository {
  readonly #search = new ProductSearchSql();

  /** Inserts a product; undefined when the id exists already (seeds rerun). */
  async insert(q: Db, id: string, p: NewProduct, createdAt?: Date): Promise<ProductView | undefined> {
    const at = createdAt ?? new Date();
    const r = await sql<ProductRow>`INSERT INTO products AS p (id, title, description, console, genre, condition,
        rarity, format, price_cents, stock, seller_id, created_at, updated_at)
      VALUES (${id}, ${p.title}, ${p.description}, ${p.console}, ${p.genre}, ${p.condition}, ${p.rarity},
        ${p.format}, ${p.priceCents}, ${p.stock}, ${p.sellerId}, ${at}, ${at})
      ON CONFLICT DO NOTHING RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /** The row, locked for the rest of the transaction when `forUpdate`. */
  async find(q: Db, id: string, forUpdate = false): Promise<ProductView | undefined> {
    const r = await sql<ProductRow>`SELECT ${columns} FROM products p WHERE p.id = ${id}
      ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  async update(q: Db, id: string, patch: UpdateProductBody): Promise<ProductView | undefined> {
    const fields: [keyof UpdateProductBody, string][] = [
      ['title', 'title'],
      ['description', 'description'],
      ['console', 'console'],
      ['genre', 'genre'],
      ['condition', 'condition'],
      ['rarity', 'rarity'],
      ['format', 'format'],
      ['priceCents', 'price_cents'],
      ['stock', 'stock'],
    ];
    const sets = fields
      .filter(([key]) => patch[key] !== undefined)
      .map(([key, column]) => sql`${sql.ref(column)} = ${patch[key]}`);
    const r = await sql<ProductRow>`UPDATE products AS p SET ${sql.join([...sets, sql`updated_at = now()`])}
      WHERE p.id = ${id} RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  async search(q: Db, f: ProductSearchQuery): Promise<{ items: ProductView[]; total: number }> {
    const where = this.#search.where(f);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM products p WHERE ${where}`.execute(q);
    const rows = await sql<ProductRow>`SELECT ${columns} FROM products p WHERE ${where}
      ORDER BY ${this.#search.orderBy(f)}
      LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(q);
    return { items: rows.rows.map(view), total: count.rows[0]?.n ?? 0 };
  }
}
