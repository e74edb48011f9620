import { sql } from '@coordina/platform';
import type { SalonSearchQuery } from '../contracts/salon-search.dto';
import { CategoryRules } from '../domain/category.rules';
import { containsPattern, foldText } from '../domain/text.fold';
import { type Fragment, foldSql } from './text.sql';

/** The FROM, WHERE and ORDER BY of a salon search, built from a validated query. */
export class SalonSearchSql {
  readonly #categories = new CategoryRules();

  /** Salons `s`, plus the searchable text `d.doc` when the query has text. */
  from(f: SalonSearchQuery): Fragment {
    if (!f.q) return sql`salons s`;
    const doc = foldSql(sql`concat_ws(' ', s.name, s.district, s.description,
      (SELECT string_agg(sv.name, ' ') FROM services sv WHERE sv.salon_id = s.id))`);
    return sql`salons s CROSS JOIN LATERAL (SELECT ${doc} AS doc) d`;
  }

  where(f: SalonSearchQuery): Fragment {
    const parts: Fragment[] = [sql`true`];
    if (f.district) parts.push(sql`lower(s.district) = lower(${f.district})`);
    const service = this.#serviceFilter(f);
    if (service) parts.push(sql`EXISTS (SELECT 1 FROM services sv WHERE sv.salon_id = s.id AND ${service})`);
    if (f.q)
      parts.push(sql`(d.doc LIKE ${containsPattern(f.q)} OR to_tsvector('simple', d.doc) @@ ${this.#tsQuery(f.q)})`);
    return sql.join(parts, sql` AND `);
  }

  orderBy(f: SalonSearchQuery): Fragment {
    if (f.sort === 'rating') return sql`s.rating_avg DESC, s.rating_count DESC, s.name, s.id`;
    if (!f.q) return sql`s.rating_avg DESC, s.name, s.id`;
    const rank = sql`(CASE WHEN ${foldSql(sql`s.name`)} LIKE ${containsPattern(f.q)} THEN 2 ELSE 0 END
      + CASE WHEN d.doc LIKE ${containsPattern(f.q)} THEN 1 ELSE 0 END
      + ts_rank(to_tsvector('simple', d.doc), ${this.#tsQuery(f.q)}))`;
    return sql`${rank} DESC, s.rating_avg DESC, s.name, s.id`;
  }

  /** Conditions one service of the salon must meet together, or undefined when the query has none. */
  #serviceFilter(f: SalonSearchQuery): Fragment | undefined {
    const parts: Fragment[] = [];
    if (f.category) parts.push(sql`sv.subcategory = ANY(${this.#categories.subcategoriesOf(f.category)}::text[])`);
    if (f.subcategory) parts.push(sql`sv.subcategory = ${f.subcategory}`);
    if (f.serviceId) parts.push(sql`sv.id = ${f.serviceId}`);
    if (f.service) parts.push(sql`${foldSql(sql`sv.name`)} LIKE ${containsPattern(f.service)}`);
    if (f.priceMin !== undefined) parts.push(sql`sv.price_cents >= ${f.priceMin}`);
    if (f.priceMax !== undefined) parts.push(sql`sv.price_cents <= ${f.priceMax}`);
    return parts.length === 0 ? undefined : sql.join(parts, sql` AND `);
  }

  #tsQuery(q: string): Fragment {
    return sql`plainto_tsquery('simple', ${foldText(q)})`;
  }
}
