import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
-- One row per payment, keyed by the requester's paymentId (the idempotency key). Details are
-- null only for a payment voided before its charge command arrived.
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  saga_id uuid,
  user_id uuid,
  amount bigint CHECK (amount > 0),
  currency text,
  payment_method text,
  reference text,
  description text,
  provider text NOT NULL,
  provider_ref text,
  status text NOT NULL CHECK (status IN ('PENDING','AUTHORIZED','FAILED','REFUNDING','REFUNDED','VOIDED','CANCELED')),
  refunded_amount bigint NOT NULL DEFAULT 0,
  refund_reason text,
  failure_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_user ON payments (user_id, created_at DESC);

-- The immutable transaction log: one row per transition, never updated or deleted.
CREATE TABLE payment_events (
  id bigserial PRIMARY KEY,
  payment_id uuid NOT NULL,
  type text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_events_payment ON payment_events (payment_id, id);
CREATE FUNCTION payment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_events is append-only';
END
$$;
CREATE TRIGGER payment_events_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON payment_events
  FOR EACH STATEMENT EXECUTE FUNCTION payment_events_append_only();

-- Provider webhook events already applied (deduplication by the provider's event id).
CREATE TABLE webhook_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  payment_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- The sandbox provider's own state (a simulated outside provider living in this database).
CREATE TABLE sandbox_intents (
  id text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  amount bigint NOT NULL,
  currency text NOT NULL,
  payment_method text NOT NULL,
  status text NOT NULL,
  charge_id text,
  amount_refunded bigint NOT NULL DEFAULT 0,
  last_payment_error jsonb,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sandbox_webhook_deliveries (
  event_id text PRIMARY KEY,
  intent_id text NOT NULL REFERENCES sandbox_intents (id),
  payload text NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  gave_up_at timestamptz,
  last_status int,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_webhook_deliveries_due ON sandbox_webhook_deliveries (next_attempt_at)
  WHERE delivered_at IS NULL AND gave_up_at IS NULL;
`,
  },
  {
    // The sandbox's webhooks are jobs on the platform queue now (pg-boss, decision 0036), with
    // its retries and dead letters. Deliveries still pending at the upgrade are dropped with
    // the table: the sandbox is a simulated provider, so those test payments stay PENDING.
    id: '002_sandbox_webhooks_on_the_queue',
    sql: 'DROP TABLE sandbox_webhook_deliveries;',
  },
  {
    // More sandboxes than the card one (PayPal, Yape, Plin: decision 0063) share its intents,
    // each marked with its provider; their signing keys are generated once and kept here.
    id: '003_sandbox_providers',
    sql: `
ALTER TABLE sandbox_intents ADD COLUMN provider text NOT NULL DEFAULT 'sandbox';
CREATE TABLE sandbox_keys (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    // Issue 16 (decision 0073): admin refunds, partial or full, never more than captured;
    // charge retries after a provider's transient failure; the log's privileges revoked too.
    id: '004_admin_refunds_and_charge_retries',
    sql: `
-- What was committed to refunds so far (admin refunds and the saga's full refund): the CHECK
-- is the last line behind the row lock that serializes refunds.
ALTER TABLE payments
  ADD COLUMN refunds_committed bigint NOT NULL DEFAULT 0,
  ADD COLUMN charge_attempts int NOT NULL DEFAULT 0,
  ADD COLUMN first_attempt_at timestamptz,
  -- The IGV included in the amount, when the requester sent it (the receipt's breakdown).
  ADD COLUMN igv_amount bigint CHECK (igv_amount >= 0 AND igv_amount < amount),
  ADD CONSTRAINT payments_refunds_within_captured
    CHECK (refunds_committed >= 0 AND (amount IS NULL OR refunds_committed <= amount));

-- One row per refund an admin asked for, unique per payment and Idempotency-Key.
CREATE TABLE payment_refunds (
  id uuid PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id),
  amount bigint NOT NULL CHECK (amount > 0),
  reason text NOT NULL,
  requested_by uuid NOT NULL,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_refunds_once_per_key UNIQUE (payment_id, idempotency_key)
);

-- The card sandbox's simulated outages: requests answered 503 (or timed out) per charge.
CREATE TABLE sandbox_faults (
  idempotency_key text PRIMARY KEY,
  requests int NOT NULL
);

-- Besides the trigger: nobody but the owner may change the log (a role granted DML later
-- still meets the trigger).
REVOKE UPDATE, DELETE, TRUNCATE ON payment_events FROM PUBLIC;
`,
  },
  {
    // Issue 14 (decision 0117): the saga that asked for the charge, echoed on its replies so the
    // other sagas' reply groups skip them before a transaction. Null for older payments.
    id: '005_payment_saga_name',
    sql: `ALTER TABLE payments ADD COLUMN saga_name text;`,
  },
];
