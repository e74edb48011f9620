/**
 * GameVault facts: one row per event (order and search lines: one row per line), keyed by the
 * event id like every system's. `*_date` is the date in Lima (UTC-5) of the event's `at`.
 * Products are facts too (one row per `producto.publicado|actualizado`): a report takes each
 * product's latest title, console and seller, so a sale that arrives before its product is
 * still labelled once the product does.
 */
export const gamevaultFactsMigration = {
  id: '003_gamevault_facts',
  sql: `
CREATE TABLE gv_product_facts (
  event_id VARCHAR PRIMARY KEY,
  product_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  console VARCHAR NOT NULL,
  genre VARCHAR NOT NULL,
  seller_id VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE gv_order_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  order_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  total_cents BIGINT,
  reason VARCHAR,
  occurred_at TIMESTAMPTZ NOT NULL,
  sale_date DATE NOT NULL
);
CREATE TABLE gv_order_lines (
  event_id VARCHAR NOT NULL,
  line INTEGER NOT NULL,
  order_id VARCHAR NOT NULL,
  product_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  quantity INTEGER NOT NULL,
  line_total_cents BIGINT NOT NULL,
  PRIMARY KEY (event_id, line)
);
CREATE TABLE gv_search_windows (
  event_id VARCHAR PRIMARY KEY,
  searches INTEGER NOT NULL,
  from_at TIMESTAMPTZ NOT NULL,
  to_at TIMESTAMPTZ NOT NULL,
  search_date DATE NOT NULL
);
CREATE TABLE gv_search_terms (
  event_id VARCHAR NOT NULL,
  line INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  searches INTEGER NOT NULL,
  search_date DATE NOT NULL,
  PRIMARY KEY (event_id, line)
);
CREATE TABLE gv_review_facts (
  event_id VARCHAR PRIMARY KEY,
  topic VARCHAR NOT NULL,
  review_id VARCHAR NOT NULL,
  product_id VARCHAR NOT NULL,
  rating INTEGER,
  seller_id VARCHAR,
  console VARCHAR,
  occurred_at TIMESTAMPTZ NOT NULL,
  review_date DATE NOT NULL
);`,
};
