import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
CREATE TABLE events (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  organizer text NOT NULL,
  place text NOT NULL,
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
  size text NOT NULL CHECK (size IN ('small', 'medium', 'large', 'massive')),
  purchase_deadline timestamptz NOT NULL CHECK (purchase_deadline <= starts_at),
  status text NOT NULL CHECK (status IN ('PENDING_FEE', 'PUBLISHED', 'FEE_DECLINED', 'CANCELLED')),
  status_reason text,
  revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  hosting_fee integer NOT NULL CHECK (hosting_fee >= 0),
  -- Null for demo events (published without a fee); the payment's idempotency key otherwise.
  fee_payment_id uuid UNIQUE,
  payment_method text,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_catalog ON events (status, purchase_deadline, id);
CREATE INDEX events_by_manager ON events (manager_id, created_at DESC, id);

CREATE TABLE ticket_types (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events (id),
  position integer NOT NULL,
  name text NOT NULL,
  price integer NOT NULL CHECK (price >= 0),
  discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
  -- Computed by the domain's CommissionRules on every write.
  final_price integer NOT NULL CHECK (final_price >= 0),
  commission integer NOT NULL CHECK (commission >= 0),
  quantity integer NOT NULL CHECK (quantity > 0),
  sales_start_at timestamptz NOT NULL,
  sales_end_at timestamptz NOT NULL CHECK (sales_end_at > sales_start_at),
  -- As last reported by ticketing (DisponibilidadActualizada); newer sequences only.
  seats_left integer NOT NULL CHECK (seats_left >= 0),
  availability_sequence bigint NOT NULL DEFAULT -1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ticket_types_unique_name UNIQUE (event_id, name) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ticket_types_by_event ON ticket_types (event_id, position);
`,
  },
];
