import { musicfestFactsMigration } from './musicfest-facts.migration';

/** DuckDB schema, applied in order at open; `analytics_migrations` records what ran. */
export const duckDbMigrations: readonly { id: string; sql: string }[] = [
  {
    id: '001_facts',
    sql: `
CREATE TABLE applied_events (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
CREATE TABLE booking_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  booking_id VARCHAR NOT NULL,
  salon_id VARCHAR NOT NULL,
  service_id VARCHAR NOT NULL,
  stylist_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  start_at TIMESTAMPTZ NOT NULL,
  local_date DATE NOT NULL,
  district VARCHAR,
  subcategory VARCHAR,
  promotion_id VARCHAR,
  price_cents BIGINT,
  payment_id VARCHAR,
  reason VARCHAR,
  refund BOOLEAN,
  event_time TIMESTAMPTZ NOT NULL
);
CREATE TABLE payment_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  payment_id VARCHAR NOT NULL,
  booking_id VARCHAR,
  amount_cents BIGINT NOT NULL,
  currency VARCHAR NOT NULL,
  reason VARCHAR,
  event_time TIMESTAMPTZ NOT NULL
);
CREATE TABLE review_facts (
  event_id VARCHAR PRIMARY KEY,
  review_id VARCHAR NOT NULL,
  booking_id VARCHAR NOT NULL,
  salon_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  rating INTEGER NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE promotion_facts (
  event_id VARCHAR PRIMARY KEY,
  promotion_id VARCHAR NOT NULL,
  salon_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  discount_percent INTEGER NOT NULL,
  valid_to DATE NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE salon_change_facts (
  event_id VARCHAR PRIMARY KEY,
  salon_id VARCHAR NOT NULL,
  change VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
-- Replica of the salons service's public data: names, districts, admins, services.
CREATE TABLE salons (
  salon_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  admin_user_id VARCHAR NOT NULL,
  refreshed_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
CREATE TABLE salon_services (
  service_id VARCHAR PRIMARY KEY,
  salon_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  subcategory VARCHAR NOT NULL
);`,
  },
  musicfestFactsMigration,
];
