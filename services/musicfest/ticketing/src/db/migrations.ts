import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
-- Inventory, built from evento.publicado / evento.cancelado (higher revision wins).
CREATE TABLE events (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL,
  name text NOT NULL,
  organizer text NOT NULL,
  place text NOT NULL,
  starts_at timestamptz NOT NULL,
  purchase_deadline timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('ON_SALE', 'CANCELLED')),
  revision integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ticket_types (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events (id),
  name text NOT NULL,
  price integer NOT NULL CHECK (price >= 0),
  discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
  final_price integer NOT NULL CHECK (final_price >= 0),
  commission integer NOT NULL CHECK (commission >= 0),
  -- What the manager asked for; capacity never drops below reserved + sold (clamped).
  capacity_target integer NOT NULL CHECK (capacity_target >= 0),
  capacity integer NOT NULL,
  reserved integer NOT NULL DEFAULT 0,
  sold integer NOT NULL DEFAULT 0,
  -- Tickets asked for by WAITLISTED purchases (bounded by the waitlist factor x capacity).
  waitlisted integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
  sales_start_at timestamptz NOT NULL,
  sales_end_at timestamptz NOT NULL,
  -- Dropped from the event's latest revision: no longer on sale.
  removed boolean NOT NULL DEFAULT false,
  -- Bumped with every change of the counts (disponibilidad.actualizada's sequence).
  sequence bigint NOT NULL DEFAULT 0,
  -- Never oversell: the last line of defence behind the conditional reservation UPDATE.
  CONSTRAINT ticket_types_never_oversold CHECK (reserved >= 0 AND sold >= 0 AND reserved + sold <= capacity)
);
CREATE INDEX ticket_types_by_event ON ticket_types (event_id);

CREATE SEQUENCE waitlist_seq;

CREATE TABLE purchases (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  event_id uuid NOT NULL REFERENCES events (id),
  idempotency_key text,
  status text NOT NULL CHECK (status IN ('WAITLISTED', 'PENDING', 'COMPLETED', 'CANCELLED', 'EXPIRED')),
  status_reason text,
  tickets integer NOT NULL CHECK (tickets > 0),
  total integer NOT NULL CHECK (total >= 0),
  commission integer NOT NULL CHECK (commission >= 0),
  currency text NOT NULL DEFAULT 'PEN',
  payment_id uuid NOT NULL UNIQUE,
  payment_method text NOT NULL,
  payment_status text NOT NULL DEFAULT 'NONE' CHECK (payment_status IN ('NONE', 'AUTHORIZED', 'FAILED')),
  refund_status text NOT NULL DEFAULT 'NONE' CHECK (refund_status IN ('NONE', 'REQUESTED', 'REFUNDED')),
  refunded integer NOT NULL DEFAULT 0,
  -- FIFO order of the waitlist (set when the purchase is queued).
  waitlist_seq bigint,
  from_waitlist boolean NOT NULL DEFAULT false,
  reserved_until timestamptz,
  waitlisted_at timestamptz,
  promoted_at timestamptz,
  completed_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT purchases_one_per_idempotency_key UNIQUE (user_id, idempotency_key)
);
-- The waitlist: position = waiting purchases of the event with a smaller sequence.
CREATE INDEX purchases_waiting ON purchases (event_id, waitlist_seq) WHERE status = 'WAITLISTED';
CREATE INDEX purchases_by_user ON purchases (user_id, created_at DESC, id);
CREATE INDEX purchases_by_event ON purchases (event_id, status);
CREATE INDEX purchases_ended ON purchases (event_id, ended_at) WHERE ended_at IS NOT NULL;

CREATE TABLE purchase_items (
  purchase_id uuid NOT NULL REFERENCES purchases (id),
  ticket_type_id uuid NOT NULL REFERENCES ticket_types (id),
  ticket_type_name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price integer NOT NULL,
  discount_percent integer NOT NULL,
  final_price integer NOT NULL,
  commission integer NOT NULL,
  PRIMARY KEY (purchase_id, ticket_type_id)
);
CREATE INDEX purchase_items_by_type ON purchase_items (ticket_type_id);

-- Tickets per user per event across live purchases; the CHECK is the limit's last line of defence.
CREATE TABLE user_event_quotas (
  user_id uuid NOT NULL,
  event_id uuid NOT NULL,
  tickets integer NOT NULL,
  max_tickets integer NOT NULL,
  PRIMARY KEY (user_id, event_id),
  CONSTRAINT user_event_quotas_limit CHECK (tickets >= 0 AND tickets <= max_tickets)
);

CREATE TABLE tickets (
  code text PRIMARY KEY,
  purchase_id uuid NOT NULL REFERENCES purchases (id),
  seq integer NOT NULL,
  ticket_type_id uuid NOT NULL,
  user_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'VALID' CHECK (status IN ('VALID', 'VOID')),
  issued_at timestamptz NOT NULL DEFAULT now(),
  voided_at timestamptz,
  -- Issuing twice (a redelivered command) cannot create a second set.
  CONSTRAINT tickets_one_per_seq UNIQUE (purchase_id, seq)
);

-- The test-only fault switch (COORDINA_TEST_FAULTS=1).
CREATE TABLE test_faults (
  purchase_id uuid PRIMARY KEY,
  target text NOT NULL,
  failures integer NOT NULL
);
`,
  },
  {
    id: '002_coalesced_availability',
    sql: `
-- Availability is published by a poller (one event per changed type per tick), not per change.
ALTER TABLE ticket_types ADD COLUMN published_sequence bigint NOT NULL DEFAULT 0;
-- Which branch (reserve or queue) the last rush-path statement took on this row.
ALTER TABLE ticket_types ADD COLUMN last_fits boolean;
`,
  },
  {
    id: '003_batched_accept',
    sql: `
-- Purchases are accepted in batches (PurchaseIntakeService); the one-statement decision is gone.
ALTER TABLE ticket_types DROP COLUMN last_fits;
`,
  },
];
