import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_products',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE products (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  console text NOT NULL,
  genre text NOT NULL,
  condition text NOT NULL CHECK (condition IN ('new', 'used')),
  rarity text NOT NULL DEFAULT 'common',
  format text NOT NULL CHECK (format IN ('digital', 'physical')),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  stock integer NOT NULL CHECK (stock >= 0),
  seller_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT (format = 'digital' AND condition = 'used'))
);
CREATE INDEX products_by_filters ON products (console, genre, condition, price_cents);
CREATE INDEX products_by_newest ON products (created_at DESC, id);
CREATE INDEX products_by_seller ON products (seller_id);
-- Text search by title: lower(title) ILIKE '%words%' uses the trigram index.
CREATE INDEX products_by_title ON products USING gin (lower(title) gin_trgm_ops);
`,
  },
  {
    id: '002_stock_reservations',
    sql: `
-- Units taken out of stock for an order (the orders saga's ReserveStock), given back on its
-- release. One row per order whatever the order of the commands: a release that comes first
-- leaves a RELEASED row, and the late reservation finds it and is refused.
CREATE TABLE stock_reservations (
  order_id uuid PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('RESERVED', 'REFUSED', 'RELEASED')),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE stock_reservation_lines (
  order_id uuid NOT NULL REFERENCES stock_reservations (order_id),
  product_id uuid NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);
`,
  },
  {
    id: '003_product_ratings',
    sql: `
-- A product's rating: the average and count of the community's approved reviews of it
-- (resena.aprobada, resena.retirada), one row per counted review.
ALTER TABLE products ADD COLUMN rating numeric(3, 2), ADD COLUMN rating_count integer NOT NULL DEFAULT 0;
CREATE TABLE product_review_ratings (
  review_id uuid PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES products (id),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX product_review_ratings_by_product ON product_review_ratings (product_id);
`,
  },
];
