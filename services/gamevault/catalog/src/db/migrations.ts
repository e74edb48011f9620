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
];
