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
];
