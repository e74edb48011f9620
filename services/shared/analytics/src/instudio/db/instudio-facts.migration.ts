import type { DuckDbMigration } from '../../db/duckdb.migrations';

/**
 * InStudio's facts (bookings, their payments, reviews, promotions, salon changes) and the
 * replica of the salons service's public data. Until the split into one folder per system
 * these tables came with the core's `001_facts`: `IF NOT EXISTS` lets a file made then take
 * this migration as done.
 */
export const instudioFactsMigration: DuckDbMigration = {
  id: '001_instudio_facts',
  sql: `
CREATE TABLE IF NOT EXISTS booking_facts (
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
CREATE TABLE IF NOT EXISTS payment_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  payment_id VARCHAR NOT NULL,
  booking_id VARCHAR,
  amount_cents BIGINT NOT NULL,
  currency VARCHAR NOT NULL,
  reason VARCHAR,
  event_time TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS review_facts (
  event_id VARCHAR PRIMARY KEY,
  review_id VARCHAR NOT NULL,
  booking_id VARCHAR NOT NULL,
  salon_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  rating INTEGER NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS promotion_facts (
  event_id VARCHAR PRIMARY KEY,
  promotion_id VARCHAR NOT NULL,
  salon_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  discount_percent INTEGER NOT NULL,
  valid_to DATE NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS salon_change_facts (
  event_id VARCHAR PRIMARY KEY,
  salon_id VARCHAR NOT NULL,
  change VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
-- Replica of the salons service's public data: names, districts, admins, services.
CREATE TABLE IF NOT EXISTS salons (
  salon_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  admin_user_id VARCHAR NOT NULL,
  refreshed_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS salon_services (
  service_id VARCHAR PRIMARY KEY,
  salon_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  subcategory VARCHAR NOT NULL
);`,
};
