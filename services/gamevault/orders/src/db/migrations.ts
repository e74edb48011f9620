import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_carts_orders',
    sql: `
-- One cart per user; its items count only while updated_at is within the cart's TTL.
CREATE TABLE carts (
  user_id uuid PRIMARY KEY,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cart_items (
  user_id uuid NOT NULL REFERENCES carts (user_id),
  product_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'AWAITING_PAYMENT', 'PAID', 'CANCELLED')),
  status_reason text,
  currency text NOT NULL DEFAULT 'PEN',
  subtotal_cents integer NOT NULL CHECK (subtotal_cents >= 0),
  discount_cents integer NOT NULL CHECK (discount_cents >= 0),
  igv_cents integer NOT NULL CHECK (igv_cents >= 0),
  total_cents integer NOT NULL CHECK (total_cents >= 0),
  payment_id uuid NOT NULL UNIQUE,
  payment_provider text NOT NULL,
  refund_status text NOT NULL DEFAULT 'NONE' CHECK (refund_status IN ('NONE', 'REQUESTED', 'REFUNDED')),
  -- The client's Idempotency-Key: a checkout run twice finds the order its first run made.
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_one_per_idempotency_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id);

CREATE TABLE order_lines (
  order_id uuid NOT NULL REFERENCES orders (id),
  product_id uuid NOT NULL,
  title text NOT NULL,
  format text NOT NULL,
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);

-- Every status an order took, in order (GET /api/gamevault/orders/:id shows it).
CREATE TABLE order_history (
  seq bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  status text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_history_by_order ON order_history (order_id, seq);
`,
  },
  {
    id: '002_fulfilment_states',
    sql: `
-- Logistics' states after PAID (the fulfilment step of the order saga and the shipment's progress).
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED', 'CANCELLED'));
`,
  },
  {
    id: '003_refunds_and_address',
    sql: `
-- What payments refunded of the order's charge so far (admin partial refunds, then the rest).
ALTER TABLE orders ADD COLUMN refunded_cents integer NOT NULL DEFAULT 0
  CONSTRAINT orders_refunded_within_total CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents);
-- Where its physical lines are shipped (given at checkout; logistics' shipment gets it).
ALTER TABLE orders ADD COLUMN shipping_address jsonb;
`,
  },
];
