/** The DuckDB tables that hold one row per applied event. */
export type FactTable = 'booking_facts' | 'payment_facts' | 'review_facts' | 'promotion_facts' | 'salon_change_facts';

export type FactValue = string | number | boolean | null;

/** One row to insert for an event, keyed by the event id (each fact table's primary key). */
export interface FactRow {
  readonly table: FactTable;
  readonly values: Readonly<Record<string, FactValue>>;
}
