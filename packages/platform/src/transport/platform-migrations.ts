import type { Migration } from '../db/migrator';

/** Tables every service database has: outbox, inbox, failed and hold registries, sagas. */
export const serviceMigrations: readonly Migration[] = [
  {
    id: '001_outbox_inbox_registries',
    sql: `
CREATE TABLE coordina_outbox (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  key text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX coordina_outbox_unpublished ON coordina_outbox (seq) WHERE published_at IS NULL;
-- Wakes the relay at commit, once per statement, with no extra round trip for the writer.
CREATE FUNCTION coordina_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('coordina_outbox', ''); RETURN NULL; END $$;
CREATE TRIGGER coordina_outbox_notify AFTER INSERT ON coordina_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION coordina_outbox_notify();

CREATE TABLE coordina_inbox (
  group_id text NOT NULL,
  event_id uuid NOT NULL,
  outcome text NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, event_id)
);

CREATE TABLE coordina_failed (
  id uuid PRIMARY KEY,
  group_id text NOT NULL,
  key text NOT NULL,
  topic text NOT NULL,
  event jsonb NOT NULL,
  reason text NOT NULL,
  attempts int NOT NULL,
  status text NOT NULL CHECK (status IN ('FAILED', 'RETRIED', 'DISCARDED')),
  failed_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX coordina_failed_open_key ON coordina_failed (group_id, key) WHERE status = 'FAILED';

CREATE TABLE coordina_held (
  seq bigserial PRIMARY KEY,
  group_id text NOT NULL,
  key text NOT NULL,
  topic text NOT NULL,
  event jsonb NOT NULL,
  held_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordina_held_key ON coordina_held (group_id, key, seq);
`,
  },
  {
    id: '002_sagas',
    sql: `
CREATE TABLE coordina_sagas (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED')),
  step int NOT NULL,
  state jsonb NOT NULL,
  failure text,
  deadline timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordina_sagas_deadline ON coordina_sagas (deadline) WHERE status IN ('RUNNING', 'COMPENSATING');
CREATE TABLE coordina_saga_log (
  seq bigserial PRIMARY KEY,
  saga_id uuid NOT NULL REFERENCES coordina_sagas(id),
  step text NOT NULL,
  action text NOT NULL,
  detail text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordina_saga_log_saga ON coordina_saga_log (saga_id, seq);
`,
  },
  {
    // Decision 0034: the failure as data ({step, kind, reason}); rows written as
    // "Step: reason" before it are converted once here. Undos resume from undo_step, and the
    // timekeeper counts failed attempts and parks a saga after its policy's last.
    id: '003_saga_failures_and_parking',
    sql: `
ALTER TABLE coordina_sagas ALTER COLUMN failure TYPE jsonb USING CASE
  WHEN failure IS NULL THEN NULL
  WHEN position(': ' IN failure) = 0 THEN jsonb_build_object('step', 'step', 'kind', 'rejected', 'reason', failure)
  ELSE jsonb_build_object(
    'step', split_part(failure, ': ', 1),
    'kind', CASE WHEN failure LIKE '%: timed out' THEN 'timeout' WHEN failure LIKE '%declined%' THEN 'declined' ELSE 'rejected' END,
    'reason', substr(failure, position(': ' IN failure) + 2))
  END;
ALTER TABLE coordina_sagas
  ADD COLUMN undo_step int,
  ADD COLUMN attempts int NOT NULL DEFAULT 0,
  ADD COLUMN last_error text,
  DROP CONSTRAINT coordina_sagas_status_check,
  ADD CONSTRAINT coordina_sagas_status_check
    CHECK (status IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'PARKED', 'DISCARDED'));
`,
  },
  {
    // Decision 0093: a batch's key locks and its inbox claim in one round trip. The claim is a
    // query of its own inside a VOLATILE function, so (READ COMMITTED) it takes its snapshot
    // after the locks were granted, as the separate statement did: a failure parked or an event
    // held by a transaction that held one of the keys is seen.
    id: '004_inbox_claim_function',
    sql: `
CREATE FUNCTION coordina_inbox_claim(p_group text, p_keys text[], p_ids uuid[], p_outcomes text[])
  RETURNS TABLE (ord int, key text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- In the order of the locks' hashes: two batches take the keys they share in one order (no deadlock).
  PERFORM pg_advisory_xact_lock(hashtext(p_group), h)
    FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(p_keys) AS k ORDER BY 1) AS ordered;
  RETURN QUERY
    WITH input AS (
      SELECT t.id, t.outcome, t.ord FROM unnest(p_ids, p_outcomes) WITH ORDINALITY AS t(id, outcome, ord)),
    claimed AS (
      INSERT INTO coordina_inbox (group_id, event_id, outcome)
      SELECT p_group, i.id, i.outcome FROM input i ORDER BY i.ord
      ON CONFLICT DO NOTHING
      RETURNING event_id)
    SELECT (SELECT min(i.ord) FROM input i WHERE i.id = c.event_id)::int, NULL::text FROM claimed c
    UNION ALL
    SELECT NULL::int, f.key FROM coordina_failed f
      WHERE f.group_id = p_group AND f.key = ANY(p_keys) AND f.status = 'FAILED'
    UNION ALL
    SELECT DISTINCT NULL::int, h.key FROM coordina_held h WHERE h.group_id = p_group AND h.key = ANY(p_keys);
END $$;
`,
  },
];

/** Tables of the PostgreSQL log (the embedded broker), in their own database. */
export const logMigrations: readonly Migration[] = [
  {
    id: '001_log',
    sql: `
CREATE TABLE coordina_log_partitions (
  topic text NOT NULL,
  partition int NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
CREATE TABLE coordina_log (
  topic text NOT NULL,
  partition int NOT NULL,
  "offset" bigint NOT NULL,
  id uuid NOT NULL UNIQUE,
  key text NOT NULL,
  event jsonb NOT NULL,
  appended_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, "offset")
);
CREATE TABLE coordina_log_positions (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition int NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
);
`,
  },
  {
    // Counts the replays of a position: a position written after a batch is set only if no replay came
    // since that batch was read, even one back to the very position the batch started from (decision 0138).
    id: '002_log_position_replays',
    sql: `ALTER TABLE coordina_log_positions ADD COLUMN replays int NOT NULL DEFAULT 0;`,
  },
];
