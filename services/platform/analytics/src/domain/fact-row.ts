/** The DuckDB tables that hold one row per applied event. */
export type FactTable =
  | 'booking_facts'
  | 'payment_facts'
  | 'review_facts'
  | 'promotion_facts'
  | 'salon_change_facts'
  | 'mf_purchase_facts'
  | 'mf_purchase_items'
  | 'mf_basket_facts'
  | 'mf_event_facts'
  | 'mf_ticket_types'
  | 'mf_sold_out_facts';

export type FactValue = string | number | boolean | null;

/** One row to insert for an event, keyed by the event id (with a line or ticket type where an event has several). */
export interface FactRow {
  readonly table: FactTable;
  readonly values: Readonly<Record<string, FactValue>>;
}
