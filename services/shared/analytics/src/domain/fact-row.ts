/** A DuckDB table that holds one row per applied event (each system's migrations create its own). */
export type FactTable = string;

export type FactValue = string | number | boolean | null;

/** One row to insert for an event, keyed by the event id (with a line or ticket type where an event has several). */
export interface FactRow {
  readonly table: FactTable;
  readonly values: Readonly<Record<string, FactValue>>;
}
