import { type Db, sql } from '@coordina/platform';
import {
  Conditions,
  Consoles,
  Genres,
  type ProductFacets,
  type ProductImage,
  type ProductSearchQuery,
  type ProductView,
  Rarities,
  type UpdateProductBody,
} from '../contracts/products.dto';
import type { NewProduct } from '../domain/product.rules';
import { ProductSearchSql, WORD_SIMILARITY_THRESHOLD } from './product-search.sql';

const columns = sql`p.id, p.title, p.description, p.keywords, p.console, p.genre, p.condition, p.rarity, p.format,
  p.price_cents AS "priceCents", p.stock, p.seller_id AS "sellerId",
  p.rating_avg::float8 AS "ratingAvg", p.rating_count AS "ratingCount", p.images,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** A picture as the products row keeps it (its files are named by its id). */
export interface StoredImage {
  id: string;
  width: number;
  height: number;
}

type ProductRow = Omit<ProductView, 'createdAt' | 'updatedAt' | 'images'> & {
  images: StoredImage[];
  createdAt: Date;
  updatedAt: Date;
};

/** Where the catalog serves a picture and its thumbnail. */
export function imageView(i: StoredImage): ProductImage {
  const url = `/api/gamevault/images/${i.id}`;
  return { id: i.id, url, thumbnailUrl: `${url}/thumbnail`, width: i.width, height: i.height };
}

const view = (r: ProductRow): ProductView => ({
  ...r,
  images: r.images.map(imageView),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

type FacetRow = {
  console: keyof ProductFacets['console'];
  genre: keyof ProductFacets['genre'];
  condition: keyof ProductFacets['condition'];
  rarity: keyof ProductFacets['rarity'];
  available: boolean;
  n: number;
};

const zeros = <T extends string>(values: readonly T[]): Record<T, number> =>
  Object.fromEntries(values.map((v) => [v, 0])) as Record<T, number>;

/** Products: rows, partial updates and the public search. */
export class ProductsRepository {
  readonly #search = new ProductSearchSql();

  /** Inserts a product; undefined when the id exists already (seeds rerun). */
  async insert(q: Db, id: string, p: NewProduct, createdAt?: Date): Promise<ProductView | undefined> {
    const at = createdAt ?? new Date();
    const r = await sql<ProductRow>`INSERT INTO products AS p (id, title, description, keywords, console, genre,
        condition, rarity, format, price_cents, stock, seller_id, created_at, updated_at)
      VALUES (${id}, ${p.title}, ${p.description}, ${p.keywords}, ${p.console}, ${p.genre}, ${p.condition}, ${p.rarity},
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
      ['keywords', 'keywords'],
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

  /**
   * A page of a search, its total and facet counts. The facets count the whole result (every
   * filter applied) in one pass over the index; the page's ids come
   * from the index, and only its rows are read from the table (decision 0071). With a text, the
   * threshold of typo tolerance is set for the transaction `tx` is.
   */
  async search(tx: Db, f: ProductSearchQuery): Promise<{ items: ProductView[]; total: number; facets: ProductFacets }> {
    if (f.q)
      await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(
        tx,
      );
    const where = this.#search.where(f);
    const order = this.#search.orderBy(f);
    // One group per combination of the facets' values (at most 1,008), added up here.
    const groups = await sql<FacetRow>`SELECT p.console, p.genre, p.condition, p.rarity, (p.stock > 0) AS available,
        count(*)::int AS n
      FROM products p WHERE ${where} GROUP BY 1, 2, 3, 4, 5`.execute(tx);
    const { total, facets } = this.#facets(groups.rows);
    const rows =
      total === 0
        ? { rows: [] }
        : await sql<ProductRow>`SELECT ${columns}
      FROM (SELECT p.id FROM products p WHERE ${where} ORDER BY ${order}
        LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}) page
      JOIN products p ON p.id = page.id
      ORDER BY ${order}`.execute(tx);
    return { items: rows.rows.map(view), total, facets };
  }

  #facets(rows: readonly FacetRow[]): { total: number; facets: ProductFacets } {
    const facets: ProductFacets = {
      console: zeros(Consoles),
      genre: zeros(Genres),
      condition: zeros(Conditions),
      rarity: zeros(Rarities),
      available: zeros(['true', 'false'] as const),
    };
    let total = 0;
    for (const r of rows) {
      facets.console[r.console] += r.n;
      facets.genre[r.genre] += r.n;
      facets.condition[r.condition] += r.n;
      facets.rarity[r.rarity] += r.n;
      facets.available[r.available ? 'true' : 'false'] += r.n;
      total += r.n;
    }
    return { total, facets };
  }

  /**
   * Up to `limit` products in stock like `p`: the same console and genre first, newest first,
   * then the same genre on other consoles (each read in order from an index).
   */
  async related(q: Db, p: ProductView, limit: number): Promise<ProductView[]> {
    const same = await sql<ProductRow>`SELECT ${columns} FROM products p
      WHERE p.console = ${p.console} AND p.genre = ${p.genre} AND p.id <> ${p.id} AND p.stock > 0
      ORDER BY p.created_at DESC, p.id LIMIT ${limit}`.execute(q);
    const more =
      same.rows.length >= limit
        ? []
        : (
            await sql<ProductRow>`SELECT ${columns} FROM products p
              WHERE p.genre = ${p.genre} AND p.console <> ${p.console} AND p.stock > 0
              ORDER BY p.created_at DESC, p.id LIMIT ${limit - same.rows.length}`.execute(q)
          ).rows;
    return [...same.rows, ...more].map(view);
  }

  /**
   * Appends a picture to a product (the row is locked by the caller); undefined when the
   * product has its 10 pictures already.
   */
  async addImage(q: Db, id: string, image: StoredImage): Promise<ProductView | undefined> {
    const r = await sql<ProductRow>`UPDATE products AS p SET images = p.images || ${JSON.stringify([image])}::jsonb,
        updated_at = now()
      WHERE p.id = ${id} AND jsonb_array_length(p.images) < 10 RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }
}
