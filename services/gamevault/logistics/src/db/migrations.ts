import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_key_pool_shipments',
    sql: `
-- Each digital product's keys, sealed (AES-256-GCM, domain/key-cipher.ts). A key belongs to at
-- most one order: it is claimed by one conditional UPDATE (order_id IS NULL) under SKIP LOCKED
-- row locks, and never goes back to the pool (an annulled order's keys are revoked).
CREATE TABLE game_keys (
  id bigserial PRIMARY KEY,
  product_id uuid NOT NULL,
  code_sealed text NOT NULL,
  -- HMAC of the key: the same key twice in a pool is refused without the key in clear.
  fingerprint text NOT NULL,
  uploaded_by uuid,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  order_id uuid,
  delivered_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT game_keys_once_per_pool UNIQUE (product_id, fingerprint),
  CONSTRAINT game_keys_delivered_with_order CHECK ((order_id IS NULL) = (delivered_at IS NULL))
);
CREATE INDEX game_keys_available ON game_keys (product_id, id) WHERE order_id IS NULL;
CREATE INDEX game_keys_by_order ON game_keys (order_id) WHERE order_id IS NOT NULL;

-- One fulfilment per order: the command's claim (its primary key) makes it run once, and an
-- annulment that comes first leaves ANNULLED, so the late command is refused.
CREATE TABLE fulfilments (
  order_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  saga_id uuid,
  status text NOT NULL CHECK (status IN ('PREPARING', 'FULFILLED', 'REFUSED', 'ANNULLED')),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shipments (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL UNIQUE REFERENCES fulfilments (order_id),
  carrier text NOT NULL,
  status text NOT NULL CHECK (status IN ('REQUESTED', 'LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED')),
  tracking_code text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shipment_history (
  seq bigserial PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments (id),
  status text NOT NULL,
  source text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipment_history_by_shipment ON shipment_history (shipment_id, seq);

-- Carrier webhooks already applied, by (carrier, event id): a redelivery changes nothing.
CREATE TABLE carrier_events (
  carrier text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (carrier, event_id)
);
`,
  },
  {
    id: '002_shipment_address',
    sql: `
-- Where the shipment goes (the buyer's address from the checkout, as entrega.preparar carries it).
ALTER TABLE shipments ADD COLUMN address jsonb;
`,
  },
];
