import { sql } from '@coordina/platform';
import type { ProductSearchQuery } from '../contracts/products.dto';

type Fragment = ReturnType<typeof sql.raw>;

/**
 * How alike a text must be to a word of a product's title or keywords to match (pg_trgm's
 * word_similarity, 0 to 1). 0.45 lets one swapped or missing letter in a 5-letter word match
 * ("zelad" → "zelda" is 0.5) while "mario" does not match "metroid". Set for the search's
 * transaction only (decision 0071).
 */
export const WORD_SIMILARITY_THRESHOLD = 0.45;

/** A LIKE pattern matching `s` anywhere (lower case), with LIKE's wildcards escaped. */
export function titlePattern(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE and ORDER BY of a product search, built from a validated query. */
export class ProductSearchSql {
  where(f: ProductSearchQuery): Fragment {
    const parts: Fragment[] = [sql`true`];
    if (f.q) {
      // A substring of the title or keywords, or a word like one of them (typos); both use products_by_text.
      const q = f.q.toLowerCase();
      parts.push(sql`(p.search_text LIKE ${titlePattern(q)} OR ${q} <% p.search_text)`);
    }
    if (f.console) parts.push(sql`p.console = ${f.console}`);
    if (f.genre) parts.push(sql`p.genre = ${f.genre}`);
    if (f.condition) parts.push(sql`p.condition = ${f.condition}`);
    if (f.rarity) parts.push(sql`p.rarity = ${f.rarity}`);
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
      const q = f.q.toLowerCase();
      // An exact substring first, then the closest words.
      return sql`(p.search_text LIKE ${titlePattern(q)}) DESC, word_similarity(${q}, p.search_text) DESC,
        p.created_at DESC, p.id`;
    }
    return sql`p.created_at DESC, p.id`;
  }
}
