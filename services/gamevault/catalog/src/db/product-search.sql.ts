import { sql } from '@coordina/platform';
import type { ProductSearchQuery } from '../contracts/products.dto';

type Fragment = ReturnType<typeof sql.raw>;

/**
 * The words of a search text as the products' search_vector has them (lower case, split at
 * anything but letters and digits); at most 6.
 */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 6);
}

/**
 * The tsquery (as text) a search text means, built from the dictionary of the catalog's words
 * (decision 0071): each typed word stands for itself, for the words it begins (3 letters or
 * more), and for the dictionary words most like it (trigram similarity ≥ 0.3 and within 0.1 of
 * the best: "zelad" → zelda, "sonik" → sonic but not sony); all the typed words must match.
 * Every word is quoted (quote_literal): the text never reaches tsquery's syntax.
 */
export function searchQuerySql(words: readonly string[]): Fragment {
  return sql`WITH typed AS (SELECT w, n FROM unnest(${[...words]}::text[]) WITH ORDINALITY AS t(w, n)),
    near AS (SELECT t.n, s.word, similarity(s.word, t.w) AS sim FROM typed t JOIN search_words s ON s.word % t.w),
    best AS (SELECT n, max(sim) AS top FROM near GROUP BY n),
    alternatives AS (
      SELECT near.n, quote_literal(near.word) AS alt FROM near JOIN best USING (n) WHERE near.sim >= best.top - 0.1
      UNION SELECT n, quote_literal(w) FROM typed
      UNION SELECT n, quote_literal(w) || ':*' FROM typed WHERE length(w) >= 3
    ),
    per_word AS (SELECT n, '(' || string_agg(alt, ' | ') || ')' AS ors FROM alternatives GROUP BY n)
    SELECT string_agg(ors, ' & ') AS tsquery FROM per_word`;
}

/** The WHERE and ORDER BY of a product search, built from a validated query. */
export class ProductSearchSql {
  /** `tsquery`: what searchQuerySql made of the text (`f.q`); null when it has no words. */
  where(f: ProductSearchQuery, tsquery?: string | null): Fragment {
    const parts: Fragment[] = [sql`true`];
    if (f.q) parts.push(tsquery ? sql`p.search_vector @@ to_tsquery('simple', ${tsquery})` : sql`false`);
    if (f.console) parts.push(sql`p.console = ${f.console}`);
    if (f.genre) parts.push(sql`p.genre = ${f.genre}`);
    if (f.condition) parts.push(sql`p.condition = ${f.condition}`);
    if (f.rarity) parts.push(sql`p.rarity = ${f.rarity}`);
    if (f.seller) parts.push(sql`p.seller_id = ${f.seller}`);
    if (f.available !== undefined) parts.push(f.available ? sql`p.stock > 0` : sql`p.stock = 0`);
    if (f.minPrice !== undefined) parts.push(sql`p.price_cents >= ${f.minPrice}`);
    if (f.maxPrice !== undefined) parts.push(sql`p.price_cents <= ${f.maxPrice}`);
    return sql.join(parts, sql` AND `);
  }

  /** The sort the query asks for; by relevance with a text and newest first without one. */
  sort(f: ProductSearchQuery): NonNullable<ProductSearchQuery['sort']> {
    return f.sort ?? (f.q ? 'relevance' : 'newest');
  }

  orderBy(f: ProductSearchQuery): Fragment {
    const sort = this.sort(f);
    if (sort === 'price-asc') return sql`p.price_cents, p.created_at DESC, p.id`;
    if (sort === 'price-desc') return sql`p.price_cents DESC, p.created_at DESC, p.id`;
    if (sort === 'rating') return sql`p.rating_avg DESC, p.created_at DESC, p.id`;
    if (sort === 'relevance' && f.q) {
      // The closest titles first (a typo's matches after the exact ones).
      return sql`word_similarity(${f.q.toLowerCase()}, p.search_text) DESC, p.created_at DESC, p.id`;
    }
    return sql`p.created_at DESC, p.id`;
  }
}
