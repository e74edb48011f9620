import type { DuckDbStore, DuckRow } from '../../db/duckdb.store';
import type {
  GamevaultPeriod,
  PopularItem,
  SalesQuery,
  SalesRow,
  SatisfactionQuery,
  SatisfactionRow,
  SearchTrendRow,
  SearchTrendsQuery,
} from '../contracts/gamevault.dto';

/** Each product as it is now: its latest title, console and seller. */
const PRODUCTS = `products AS (
  SELECT product_id, arg_max(title, updated_at) AS title, arg_max(console, updated_at) AS console,
    arg_max(seller_id, updated_at) AS seller_id
  FROM gv_product_facts GROUP BY product_id
)`;

/** Every paid line, dated by the order's first payment (an order paid twice counts once), with its product. */
const PAID_LINES = `${PRODUCTS},
paid AS (
  SELECT order_id, arg_min(event_id, occurred_at) AS event_id, min(sale_date) AS day
  FROM gv_order_facts WHERE topic = 'pedido.pagado' GROUP BY order_id
),
src AS (
  SELECT p.day, p.order_id, l.product_id, coalesce(pr.title, l.title) AS title,
    coalesce(pr.console, 'unknown') AS console, coalesce(pr.seller_id, 'unknown') AS seller_id,
    l.quantity, l.line_total_cents
  FROM paid p JOIN gv_order_lines l ON l.event_id = p.event_id LEFT JOIN products pr ON pr.product_id = l.product_id
  WHERE ($from::DATE IS NULL OR p.day >= $from::DATE) AND ($to::DATE IS NULL OR p.day <= $to::DATE)
)`;

/**
 * Every review whose latest fact is an approval, once, with its latest rating, dated by its
 * first approval (an edit approved again keeps the review's date; a withdrawal takes it out).
 */
const APPROVED = `reviews AS (
  SELECT * FROM (
    SELECT review_id, arg_max(topic, occurred_at) AS last_topic, arg_max(product_id, occurred_at) AS product_id,
      arg_max(rating, occurred_at) FILTER (WHERE topic = 'resena.aprobada') AS rating,
      min(review_date) FILTER (WHERE topic = 'resena.aprobada') AS day,
      arg_max(seller_id, occurred_at) FILTER (WHERE topic = 'resena.aprobada') AS seller_id,
      arg_max(console, occurred_at) FILTER (WHERE topic = 'resena.aprobada') AS console
    FROM gv_review_facts GROUP BY review_id
  ) WHERE last_topic = 'resena.aprobada'
)`;

/** The approved reviews with their product as it is now. */
const REVIEWS = `${PRODUCTS},
${APPROVED},
src AS (
  SELECT r.day, r.rating, r.product_id, coalesce(pr.title, r.product_id) AS title,
    coalesce(pr.seller_id, r.seller_id, 'unknown') AS seller_id, coalesce(pr.console, r.console, 'unknown') AS console
  FROM reviews r LEFT JOIN products pr ON pr.product_id = r.product_id
  WHERE ($from::DATE IS NULL OR r.day >= $from::DATE) AND ($to::DATE IS NULL OR r.day <= $to::DATE)
)`;

const GROUPS = {
  console: { key: 'console', label: 'console' },
  seller: { key: 'seller_id', label: 'seller_id' },
  product: { key: 'product_id', label: 'any_value(title)' },
  overall: { key: "'all'", label: "'all'" },
} as const;

const periodOf = (p: GamevaultPeriod, column = 'day') =>
  p === 'all' ? 'CAST(NULL AS DATE)' : `CAST(date_trunc('${p}', ${column}) AS DATE)`;
const stars = [1, 2, 3, 4, 5].map((n) => `count(*) FILTER (WHERE rating = ${n}) AS stars${n}`).join(', ');

/** GameVault reports over the DuckDB facts; groups and periods come from validated enums, values are bound. */
export class GamevaultReportsRepository {
  constructor(private readonly store: DuckDbStore) {}

  async sales(q: SalesQuery): Promise<SalesRow[]> {
    const g = GROUPS[q.groupBy];
    const rows = await this.store.read(
      `WITH ${PAID_LINES}
      SELECT ${periodOf(q.period)} AS period, ${g.key} AS key, ${g.label} AS label,
        count(DISTINCT order_id) AS orders, sum(quantity) AS units, sum(line_total_cents) AS revenue
      FROM src GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, revenue DESC, 2`,
      range(q),
    );
    return rows.map((r) => ({
      ...head(r),
      orders: int(r.orders),
      units: int(r.units),
      revenueCents: int(r.revenue),
    }));
  }

  async popular(q: { from?: string; to?: string; limit: number }): Promise<PopularItem[]> {
    const rows = await this.store.read(
      `WITH ${PAID_LINES},
      ${APPROVED},
      rated AS (SELECT product_id, count(*) AS reviews, round(avg(rating), 2) AS rating FROM reviews GROUP BY product_id),
      sold AS (
        SELECT product_id, any_value(title) AS title, any_value(console) AS console, any_value(seller_id) AS seller_id,
          count(DISTINCT order_id) AS orders, sum(quantity) AS units, sum(line_total_cents) AS revenue
        FROM src GROUP BY product_id
      )
      SELECT s.*, coalesce(r.reviews, 0) AS reviews, r.rating FROM sold s LEFT JOIN rated r USING (product_id)
      ORDER BY units DESC, revenue DESC, product_id LIMIT $limit::INTEGER`,
      { ...range(q), limit: q.limit },
    );
    return rows.map((r, i) => ({
      rank: i + 1,
      productId: String(r.product_id),
      title: String(r.title),
      console: r.console === 'unknown' ? null : String(r.console),
      sellerId: r.seller_id === 'unknown' ? null : String(r.seller_id),
      orders: int(r.orders),
      units: int(r.units),
      revenueCents: int(r.revenue),
      reviews: int(r.reviews),
      averageRating: r.rating == null ? null : Number(r.rating),
    }));
  }

  /** The most searched terms of each period, and every search counted in the range. */
  async searchTrends(q: SearchTrendsQuery): Promise<{ rows: SearchTrendRow[]; searches: number }> {
    const dated = `($from::DATE IS NULL OR search_date >= $from::DATE) AND ($to::DATE IS NULL OR search_date <= $to::DATE)`;
    const rows = await this.store.read(
      `WITH terms AS (
        SELECT ${periodOf(q.period, 'search_date')} AS period, kind, value, sum(searches) AS searches
        FROM gv_search_terms WHERE ${dated} AND ($kind::VARCHAR IS NULL OR kind = $kind::VARCHAR)
        GROUP BY 1, 2, 3
      ),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY period ORDER BY searches DESC, kind, value) AS rank FROM terms
      )
      SELECT * FROM ranked WHERE rank <= $limit::INTEGER ORDER BY period NULLS FIRST, rank`,
      { ...range(q), kind: q.kind ?? null, limit: q.limit },
    );
    const total = await this.store.read(
      `SELECT coalesce(sum(searches), 0) AS n FROM gv_search_windows WHERE ${dated}`,
      range(q),
    );
    return {
      rows: rows.map((r) => ({
        period: r.period == null ? null : String(r.period),
        key: `${r.kind}:${r.value}`,
        kind: r.kind as SearchTrendRow['kind'],
        label: String(r.value),
        searches: int(r.searches),
        rank: int(r.rank),
      })),
      searches: int(total[0]?.n),
    };
  }

  async satisfaction(q: SatisfactionQuery): Promise<SatisfactionRow[]> {
    const g = GROUPS[q.groupBy];
    const rows = await this.store.read(
      `WITH ${REVIEWS}
      SELECT ${periodOf(q.period)} AS period, ${g.key} AS key, ${g.label} AS label,
        count(*) AS reviews, round(avg(rating), 2) AS rating, ${stars}
      FROM src GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2`,
      range(q),
    );
    return rows.map((r) => ({
      ...head(r),
      reviews: int(r.reviews),
      averageRating: Number(r.rating),
      stars1: int(r.stars1),
      stars2: int(r.stars2),
      stars3: int(r.stars3),
      stars4: int(r.stars4),
      stars5: int(r.stars5),
    }));
  }
}

const range = (q: { from?: string; to?: string }) => ({ from: q.from ?? null, to: q.to ?? null });
const int = (v: unknown) => Number(v ?? 0);
const head = (r: DuckRow) => ({
  period: r.period == null ? null : String(r.period),
  key: String(r.key),
  label: String(r.label),
});
