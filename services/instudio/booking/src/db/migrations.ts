import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE bookings (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  salon_id uuid NOT NULL,
  salon_admin_id uuid NOT NULL,
  service_id uuid NOT NULL,
  stylist_id uuid NOT NULL,
  time_zone text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL CHECK (end_at > start_at),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL DEFAULT 'PEN',
  status text NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED')),
  status_reason text,
  payment_id uuid NOT NULL UNIQUE,
  payment_method text NOT NULL,
  payment_status text NOT NULL DEFAULT 'PENDING' CHECK (payment_status IN ('PENDING', 'AUTHORIZED', 'FAILED')),
  refund_status text NOT NULL DEFAULT 'NONE' CHECK (refund_status IN ('NONE', 'REQUESTED', 'REFUNDED')),
  hold_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Never two live bookings overlapping for one stylist, whatever the concurrency.
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (stylist_id WITH =, tstzrange(start_at, end_at) WITH &&)
    WHERE (status IN ('HELD', 'CONFIRMED'))
);
CREATE INDEX bookings_by_user ON bookings (user_id, start_at DESC);
CREATE INDEX bookings_by_salon ON bookings (salon_id, start_at);
`,
  },
  {
    id: '002_lifecycle_promotions_reviews',
    sql: `
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
  CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'));
-- Fixed at booking time: the list price, the promotion applied, and what analytics groups by.
ALTER TABLE bookings ADD COLUMN list_price_cents integer CHECK (list_price_cents >= 0);
ALTER TABLE bookings ADD COLUMN promotion_id uuid;
ALTER TABLE bookings ADD COLUMN district text;
ALTER TABLE bookings ADD COLUMN subcategory text;
CREATE INDEX bookings_by_salon_admin ON bookings (salon_admin_id, start_at);

CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES bookings (id),
  salon_id uuid NOT NULL,
  user_id uuid NOT NULL,
  service_id uuid NOT NULL,
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  text text NOT NULL CHECK (char_length(text) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  reply_text text CHECK (char_length(reply_text) <= 2000),
  reply_user_id uuid,
  replied_at timestamptz,
  -- One review per booking, whatever the concurrency.
  CONSTRAINT reviews_one_per_booking UNIQUE (booking_id)
);
CREATE INDEX reviews_by_salon ON reviews (salon_id, created_at DESC, id);
`,
  },
  {
    id: '003_idempotency_key',
    sql: `
-- The client's Idempotency-Key: a booking request run twice (a retry after its first run's
-- answer was lost) finds the booking the first run made, whatever the gateway remembers.
ALTER TABLE bookings ADD COLUMN idempotency_key text;
ALTER TABLE bookings ADD CONSTRAINT bookings_one_per_idempotency_key UNIQUE (user_id, idempotency_key);
`,
  },
];
