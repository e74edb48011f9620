/**
 * Per festival event: its owner (manager) and name from its latest published revision
 * (from its cancellation if analytics saw no publication).
 * Per purchase: its figures from its facts at query time, so arrival order does not matter
 * and a purchase whose events were published twice still counts once.
 */
export const MUSICFEST_CTE = `
WITH ev AS (
  SELECT mf_event_id,
    coalesce(arg_max(manager_id, revision) FILTER (WHERE revision IS NOT NULL), any_value(manager_id)) AS owner,
    coalesce(arg_max(name, revision) FILTER (WHERE revision IS NOT NULL), any_value(name)) AS name
  FROM mf_event_facts GROUP BY mf_event_id
),
tt AS (
  SELECT ticket_type_id, arg_max(name, revision) AS name FROM mf_ticket_types GROUP BY ticket_type_id
),
per_purchase AS (
  SELECT purchase_id,
    any_value(mf_event_id) AS mf_event_id,
    any_value(manager_id) AS manager_id,
    arg_max(event_name, occurred_at) AS event_name,
    min(sale_date) AS first_day,
    min(sale_date) FILTER (WHERE topic = 'compra.creada') AS created_day,
    coalesce(bool_or(topic = 'compra.creada' AND status = 'WAITLISTED'), false)
      OR coalesce(bool_or(topic = 'compra.promovida'), false)
      OR coalesce(bool_or(from_waitlist), false) AS waitlisted,
    coalesce(bool_or(topic = 'compra.promovida'), false) AS promoted,
    min(event_id) FILTER (WHERE topic = 'compra.completada') AS completed_event,
    min(sale_date) FILTER (WHERE topic = 'compra.completada') AS completed_day,
    max(total_cents) FILTER (WHERE topic = 'compra.completada') AS gross,
    max(commission_cents) FILTER (WHERE topic = 'compra.completada') AS commission,
    arg_max(status, occurred_at) FILTER (WHERE topic = 'compra.cancelada') AS end_status,
    arg_max(reason, occurred_at) FILTER (WHERE topic = 'compra.cancelada') AS end_reason,
    min(sale_date) FILTER (WHERE topic = 'compra.cancelada') AS cancelled_day,
    coalesce(max(refunded_cents) FILTER (WHERE topic = 'compra.cancelada'), 0) AS refunded
  FROM mf_purchase_facts GROUP BY purchase_id
),
purchase_tickets AS (
  SELECT event_id, sum(quantity) AS tickets FROM mf_purchase_items GROUP BY event_id
)`;

/** The columns every source gives: day, mf_event_id, manager_id, event_name, ticket_type_id, reason. */
const BASE = 'p.mf_event_id, p.manager_id, p.event_name';

/** What each report aggregates: one row per fact it counts, dated by the report's date. */
export const MUSICFEST_SOURCES = {
  sales: `SELECT p.completed_day AS day, ${BASE}, i.ticket_type_id, NULL AS reason, p.purchase_id,
      i.quantity, i.amount_cents, i.commission_cents
    FROM per_purchase p JOIN mf_purchase_items i ON i.event_id = p.completed_event`,
  conversion: `SELECT b.sale_date AS day, b.mf_event_id, b.manager_id, NULL AS event_name, NULL AS ticket_type_id,
      NULL AS reason, 'basket' AS kind FROM mf_basket_facts b
    UNION ALL SELECT coalesce(p.created_day, p.first_day), ${BASE}, NULL, NULL, 'purchase' FROM per_purchase p
    UNION ALL SELECT p.completed_day, ${BASE}, NULL, NULL, 'completed' FROM per_purchase p
      WHERE p.completed_event IS NOT NULL`,
  waitlist: `SELECT coalesce(p.created_day, p.first_day) AS day, ${BASE}, NULL AS ticket_type_id, NULL AS reason,
      p.promoted, p.completed_event IS NOT NULL AS done, p.end_status, p.end_reason
    FROM per_purchase p WHERE p.waitlisted`,
  refunds: `SELECT p.cancelled_day AS day, ${BASE}, NULL AS ticket_type_id, p.end_reason AS reason, p.refunded
    FROM per_purchase p WHERE p.refunded > 0`,
  revenue: `SELECT p.completed_day AS day, ${BASE}, NULL AS ticket_type_id, NULL AS reason, 1 AS purchases,
      coalesce(t.tickets, 0) AS tickets, p.gross, p.commission, 0 AS refunded
    FROM per_purchase p LEFT JOIN purchase_tickets t ON t.event_id = p.completed_event
    WHERE p.completed_event IS NOT NULL
    UNION ALL SELECT p.cancelled_day, ${BASE}, NULL, NULL, 0, 0, 0, 0, p.refunded
    FROM per_purchase p WHERE p.refunded > 0`,
} as const;

const rate = (num: string, den: string) => `round(CAST(${num} AS DOUBLE) / nullif(${den}, 0), 4)`;
const done = 'done';
const open = `NOT done AND end_status IS NULL`;

/** Each report's figures: the JSON/CSV name and its SQL aggregate, in column order. */
export const MUSICFEST_MEASURES: Readonly<Record<keyof typeof MUSICFEST_SOURCES, readonly [string, string][]>> = {
  sales: [
    ['purchases', 'count(DISTINCT purchase_id)'],
    ['tickets', 'sum(quantity)'],
    ['revenueCents', 'sum(amount_cents)'],
    ['commissionCents', 'sum(commission_cents)'],
  ],
  conversion: [
    ['baskets', "count(*) FILTER (WHERE kind = 'basket')"],
    ['purchases', "count(*) FILTER (WHERE kind = 'purchase')"],
    ['completed', "count(*) FILTER (WHERE kind = 'completed')"],
    ['conversionRate', rate("count(*) FILTER (WHERE kind = 'completed')", "count(*) FILTER (WHERE kind = 'basket')")],
  ],
  waitlist: [
    ['waitlisted', 'count(*)'],
    ['promoted', 'count(*) FILTER (WHERE promoted)'],
    ['completed', `count(*) FILTER (WHERE ${done})`],
    ['left', `count(*) FILTER (WHERE NOT ${done} AND end_reason = 'left_waitlist')`],
    ['expired', `count(*) FILTER (WHERE NOT ${done} AND end_status = 'EXPIRED' AND end_reason <> 'left_waitlist')`],
    ['cancelled', `count(*) FILTER (WHERE NOT ${done} AND end_status = 'CANCELLED' AND end_reason <> 'left_waitlist')`],
    ['waiting', `count(*) FILTER (WHERE ${open})`],
    ['conversionRate', rate(`count(*) FILTER (WHERE ${done})`, 'count(*)')],
  ],
  refunds: [
    ['refunds', 'count(*)'],
    ['refundedCents', 'sum(refunded)'],
  ],
  revenue: [
    ['purchases', 'sum(purchases)'],
    ['tickets', 'sum(tickets)'],
    ['grossCents', 'sum(gross)'],
    ['commissionCents', 'sum(commission)'],
    ['refundedCents', 'sum(refunded)'],
    ['netCents', 'sum(gross) - sum(refunded)'],
  ],
};
