import { sql } from '@coordina/platform';
import type { ProductSearchQuery } from '../contracts/products.dto';

type Fragment = ReturnType<typeof sql.raw>;

/** A LIKE pattern matching `s` anywhere (lower case), with LIKE's wildcards escaped. */
export function titlePattern(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE and ORDER BY of a product search, built from a validated query. */
export class ProductSearchSql {
  where(f: ProductSearchQuery): Fragment {
    const parts: Fragment[] = [sql`true`];
    if (f.q) parts.push(sql`lower(p.title) LIKE ${titlePattern(f.q)}`);
    if (f.console) parts.push(sql`p.console = ${f.console}`);
    if (f.genre) parts.push(sql`p.genre = ${f.genre}`);
    if (f.condition) parts.push(sql`p.condition = ${f.condition}`);
    if (f.minPrice !== undefined) parts.push(sql`p.price_cents >= ${f.minPrice}`);
    if (f.maxPrice !== undefined) parts.push(sql`p.price_cents <= ${f.maxPrice}`);
    return sql.join(parts, sql` AND `);
  }

  orderBy(f: ProductSearchQuery): Fragment {
    if (f.sort === 'price-asc') return sql`p.price_cents, p.created_at DESC, p.id`;
    if (f.sort === 'price-desc') return sql`p.price_cents DESC, p.created_at DESC, p.id`;
    return sql`p.created_at DESC, p.id`;
  }
}
