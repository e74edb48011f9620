import type { DuckDbStore, DuckRow } from '../../db/duckdb.store';
import type { GroupBy, Period, ReportRow, TopServiceRow } from '../contracts/analytics.dto';
import { BOOKING_FACTS_CTE } from './booking-facts.sql';

/** Which bookings a report covers: appointment dates, one salon, or one salon admin's salons. */
export interface ReportScope {
  from?: string;
  to?: string;
  salonId?: string;
  adminUserId?: string;
}

const GROUP_SQL: Readonly<Record<GroupBy, { key: string; label: string }>> = {
  salon: { key: 'salon_id', label: 'coalesce(any_value(salon_name), salon_id)' },
  district: { key: 'district', label: 'district' },
  subcategory: { key: 'subcategory', label: 'subcategory' },
};

/** Reports over the DuckDB facts; period and group come from validated enums, values are bound. */
export class ReportsRepository {
  constructor(private readonly store: DuckDbStore) {}

  async figures(scope: ReportScope, groupBy: GroupBy, period: Period): Promise<Required<ReportRow>[]> {
    const g = GROUP_SQL[groupBy];
    const rows = await this.store.read(
      `${BOOKING_FACTS_CTE}
      SELECT CAST(date_trunc('${period}', day) AS DATE) AS period, ${g.key} AS key, ${g.label} AS label,
        count(*) AS bookings,
        count(*) FILTER (WHERE confirmed) AS confirmed,
        count(*) FILTER (WHERE cancelled) AS cancellations,
        count(*) FILTER (WHERE completed) AS completed,
        count(*) FILTER (WHERE no_show) AS no_shows,
        sum(gross) AS gross_cents,
        sum(refunded) AS refunded_cents,
        sum(gross - refunded) AS revenue_cents
      FROM facts GROUP BY 1, 2 ORDER BY 1, 2`,
      this.#params(scope),
    );
    return rows.map((r) => ({
      period: String(r.period),
      key: String(r.key),
      label: String(r.label),
      bookings: num(r, 'bookings'),
      confirmed: num(r, 'confirmed'),
      cancellations: num(r, 'cancellations'),
      completed: num(r, 'completed'),
      noShows: num(r, 'no_shows'),
      grossCents: num(r, 'gross_cents'),
      refundedCents: num(r, 'refunded_cents'),
      revenueCents: num(r, 'revenue_cents'),
    }));
  }

  async topServices(scope: ReportScope, limit: number): Promise<TopServiceRow[]> {
    const rows = await this.store.read(
      `${BOOKING_FACTS_CTE}
      SELECT service_id, coalesce(any_value(service_name), service_id) AS service_name,
        any_value(salon_id) AS salon_id, any_value(subcategory) AS subcategory,
        count(*) AS bookings, count(*) FILTER (WHERE confirmed) AS confirmed,
        sum(gross - refunded) AS revenue_cents
      FROM facts GROUP BY service_id
      ORDER BY confirmed DESC, revenue_cents DESC, service_id LIMIT $limit`,
      { ...this.#params(scope), limit },
    );
    return rows.map((r) => ({
      serviceId: String(r.service_id),
      serviceName: String(r.service_name),
      salonId: String(r.salon_id),
      subcategory: String(r.subcategory),
      bookings: num(r, 'bookings'),
      confirmed: num(r, 'confirmed'),
      revenueCents: num(r, 'revenue_cents'),
    }));
  }

  #params(s: ReportScope) {
    return { from: s.from ?? null, to: s.to ?? null, salon: s.salonId ?? null, admin: s.adminUserId ?? null };
  }
}

function num(row: DuckRow, column: string): number {
  return Number(row[column] ?? 0);
}
