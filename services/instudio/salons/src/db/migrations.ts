import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
CREATE TABLE salons (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  district text NOT NULL,
  phone text NOT NULL,
  description text NOT NULL DEFAULT '',
  timezone text NOT NULL DEFAULT 'America/Lima',
  admin_user_id uuid NOT NULL,
  rating_avg numeric(3, 2) NOT NULL DEFAULT 0,
  rating_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX salons_by_district ON salons (lower(district));
CREATE INDEX salons_by_admin ON salons (admin_user_id);

CREATE TABLE services (
  id uuid PRIMARY KEY,
  salon_id uuid NOT NULL REFERENCES salons (id) ON DELETE CASCADE,
  name text NOT NULL,
  subcategory text NOT NULL CHECK (subcategory IN ('makeup', 'hair', 'waxing', 'nails', 'spa', 'other')),
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_by_salon ON services (salon_id, subcategory);

CREATE TABLE stylists (
  id uuid PRIMARY KEY,
  salon_id uuid NOT NULL REFERENCES salons (id) ON DELETE CASCADE,
  name text NOT NULL,
  service_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stylists_by_salon ON stylists (salon_id);

CREATE TABLE salon_hours (
  salon_id uuid NOT NULL REFERENCES salons (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  opens time NOT NULL,
  closes time NOT NULL CHECK (closes > opens),
  PRIMARY KEY (salon_id, weekday)
);

CREATE TABLE stylist_hours (
  stylist_id uuid NOT NULL REFERENCES stylists (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  opens time NOT NULL,
  closes time NOT NULL CHECK (closes > opens),
  PRIMARY KEY (stylist_id, weekday)
);
`,
  },
  {
    id: '002_promotions_ratings',
    sql: `
ALTER TABLE salons ADD COLUMN rating_sum integer NOT NULL DEFAULT 0;
CREATE INDEX services_by_price ON services (salon_id, price_cents);

CREATE TABLE promotions (
  id uuid PRIMARY KEY,
  salon_id uuid NOT NULL REFERENCES salons (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 1 AND 90),
  service_ids uuid[] NOT NULL CHECK (cardinality(service_ids) > 0),
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from),
  weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) > 0),
  start_time time NOT NULL,
  end_time time NOT NULL CHECK (end_time > start_time),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX promotions_by_salon ON promotions (salon_id, valid_to);

-- One row per review counted into a salon's rating: the review is counted exactly once.
CREATE TABLE reviews_seen (
  review_id uuid PRIMARY KEY,
  salon_id uuid NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  seen_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];
