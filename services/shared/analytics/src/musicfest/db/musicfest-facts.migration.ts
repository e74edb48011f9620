/**
 * MusicFest facts: one row per event (items and ticket types: one row per line), keyed by
 * the event id like the InStudio facts. `sale_date` is the date in Lima (UTC-5) of the
 * event's `at`; `mf_event_id` is the festival event (not the bus event).
 */
export const musicfestFactsMigration = {
  id: '002_musicfest_facts',
  sql: `
CREATE TABLE mf_purchase_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  purchase_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  mf_event_id VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  manager_id VARCHAR NOT NULL,
  status VARCHAR,
  reason VARCHAR,
  from_waitlist BOOLEAN,
  waited_seconds DOUBLE,
  total_cents BIGINT,
  commission_cents BIGINT,
  refunded_cents BIGINT,
  payment_id VARCHAR,
  occurred_at TIMESTAMPTZ NOT NULL,
  sale_date DATE NOT NULL
);
CREATE TABLE mf_purchase_items (
  event_id VARCHAR NOT NULL,
  line INTEGER NOT NULL,
  purchase_id VARCHAR NOT NULL,
  ticket_type_id VARCHAR NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  commission_cents BIGINT NOT NULL,
  PRIMARY KEY (event_id, line)
);
CREATE TABLE mf_basket_facts (
  event_id VARCHAR PRIMARY KEY,
  user_id VARCHAR NOT NULL,
  mf_event_id VARCHAR NOT NULL,
  manager_id VARCHAR NOT NULL,
  tickets INTEGER NOT NULL,
  total_cents BIGINT NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  sale_date DATE NOT NULL
);
CREATE TABLE mf_event_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  mf_event_id VARCHAR NOT NULL,
  revision INTEGER,
  manager_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  organizer VARCHAR,
  starts_at TIMESTAMPTZ,
  size VARCHAR,
  reason VARCHAR,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE mf_ticket_types (
  event_id VARCHAR NOT NULL,
  ticket_type_id VARCHAR NOT NULL,
  mf_event_id VARCHAR NOT NULL,
  revision INTEGER NOT NULL,
  name VARCHAR NOT NULL,
  price_cents BIGINT NOT NULL,
  final_price_cents BIGINT NOT NULL,
  commission_cents BIGINT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (event_id, ticket_type_id)
);
CREATE TABLE mf_sold_out_facts (
  event_id VARCHAR PRIMARY KEY,
  mf_event_id VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  manager_id VARCHAR NOT NULL,
  ticket_type_id VARCHAR NOT NULL,
  ticket_type_name VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  sale_date DATE NOT NULL
);`,
};
