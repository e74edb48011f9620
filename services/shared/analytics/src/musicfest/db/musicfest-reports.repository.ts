import type { DuckDbStore, DuckRow } from '../../db/duckdb.store';
import type {
  MusicfestGroupBy,
  MusicfestPeriod,
  MusicfestReportKind,
  MusicfestRow,
  SoldOutItem,
} from '../contracts/musicfest.dto';
import { MUSICFEST_CTE, MUSICFEST_MEASURES, MUSICFEST_SOURCES } from './musicfest-facts.sql';

/** Which facts a MusicFest report covers: dates in Lima, one festival event, one manager's events. */
export interface MusicfestScope {
  from?: string;
  to?: string;
  eventId?: string;
  managerId?: string;
}

const GROUPS: Readonly<Record<MusicfestGroupBy, { key: string; label: string; event: boolean }>> = {
  event: { key: 'mf_event_id', label: 'any_value(ev_name)', event: false },
  ticketType: { key: 'ticket_type_id', label: 'coalesce(any_value(tt_name), ticket_type_id)', event: true },
  reason: { key: 'reason', label: 'reason', event: false },
  overall: { key: "'all'", label: "'all'", event: false },
};

const SCOPED = `scoped AS (
  SELECT s.*, coalesce(ev.name, s.event_name, s.mf_event_id) AS ev_name, tt.name AS tt_name
  FROM src s LEFT JOIN ev ON ev.mf_event_id = s.mf_event_id LEFT JOIN tt ON tt.ticket_type_id = s.ticket_type_id
  WHERE s.day IS NOT NULL
    AND ($from::DATE IS NULL OR s.day >= $from::DATE)
    AND ($to::DATE IS NULL OR s.day <= $to::DATE)
    AND ($event::VARCHAR IS NULL OR s.mf_event_id = $event::VARCHAR)
    AND ($manager::VARCHAR IS NULL OR coalesce(ev.owner, s.manager_id) = $manager::VARCHAR)
)`;

/** MusicFest reports over the DuckDB facts; kinds, groups and periods come from validated enums, values are bound. */
export class MusicfestReportsRepository {
  constructor(private readonly store: DuckDbStore) {}

  async figures(
    kind: MusicfestReportKind,
    scope: MusicfestScope,
    groupBy: MusicfestGroupBy,
    period: MusicfestPeriod,
  ): Promise<MusicfestRow[]> {
    const g = GROUPS[groupBy];
    const measures = MUSICFEST_MEASURES[kind];
    const periodSql = period === 'all' ? 'CAST(NULL AS DATE)' : `CAST(date_trunc('${period}', day) AS DATE)`;
    const eventCols = g.event ? ', any_value(mf_event_id) AS event_id, any_value(ev_name) AS event_name' : '';
    const rows = await this.store.read(
      `${MUSICFEST_CTE}, src AS (${MUSICFEST_SOURCES[kind]}), ${SCOPED}
      SELECT ${periodSql} AS period, ${g.key} AS key, ${g.label} AS label${eventCols},
        ${measures.map(([name, expr]) => `${expr} AS "${name}"`).join(', ')}
      FROM scoped GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 3, 2`,
      this.#params(scope),
    );
    return rows.map((r) => {
      const row: MusicfestRow = {
        period: r.period == null ? null : String(r.period),
        key: String(r.key),
        label: String(r.label),
      };
      if (g.event) Object.assign(row, { eventId: String(r.event_id), eventName: String(r.event_name) });
      for (const [name] of measures) Object.assign(row, { [name]: measure(r, name) });
      return row;
    });
  }

  async soldOut(scope: MusicfestScope): Promise<SoldOutItem[]> {
    const rows = await this.store.read(
      `${MUSICFEST_CTE}, src AS (
        SELECT sale_date AS day, mf_event_id, manager_id, event_name, ticket_type_id, NULL AS reason,
          ticket_type_name, occurred_at FROM mf_sold_out_facts
      ), ${SCOPED}
      SELECT mf_event_id, any_value(ev_name) AS event_name, ticket_type_id,
        arg_min(ticket_type_name, occurred_at) AS ticket_type_name, min(occurred_at) AS sold_out_at
      FROM scoped GROUP BY mf_event_id, ticket_type_id ORDER BY sold_out_at, ticket_type_id`,
      this.#params(scope),
    );
    return rows.map((r) => ({
      eventId: String(r.mf_event_id),
      eventName: String(r.event_name),
      ticketTypeId: String(r.ticket_type_id),
      ticketTypeName: String(r.ticket_type_name),
      soldOutAt: new Date(String(r.sold_out_at)).toISOString(),
    }));
  }

  /** The manager of a festival event: from the events service's facts, else from the ticketing facts; undefined if unknown. */
  async ownerOf(eventId: string): Promise<string | undefined> {
    const rows = await this.store.read(
      `SELECT coalesce(
        (SELECT arg_max(manager_id, coalesce(revision, 0)) FROM mf_event_facts WHERE mf_event_id = $id),
        (SELECT any_value(manager_id) FROM mf_purchase_facts WHERE mf_event_id = $id),
        (SELECT any_value(manager_id) FROM mf_basket_facts WHERE mf_event_id = $id)
      ) AS owner`,
      { id: eventId },
    );
    const owner = rows[0]?.owner;
    return owner == null ? undefined : String(owner);
  }

  #params(s: MusicfestScope) {
    return { from: s.from ?? null, to: s.to ?? null, event: s.eventId ?? null, manager: s.managerId ?? null };
  }
}

function measure(row: DuckRow, name: string): number | null {
  const v = row[name];
  if (name === 'conversionRate') return v == null ? null : Number(v);
  return Number(v ?? 0);
}
