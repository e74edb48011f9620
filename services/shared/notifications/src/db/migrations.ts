import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_feed ON notifications (user_id, created_at DESC);

-- A replica of the accounts, from user.registered: where to email a user.
CREATE TABLE users (
  user_id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL
);

-- The email outbox: consumers write PENDING rows, the sender delivers them outside any transaction.
CREATE TABLE emails (
  id uuid PRIMARY KEY,
  event_id uuid UNIQUE,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'RECORDED', 'FAILED')),
  attempts int NOT NULL DEFAULT 0,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX emails_pending ON emails (created_at) WHERE status = 'PENDING';
CREATE INDEX emails_by_recipient ON emails (lower(to_address), created_at DESC);
`,
  },
  {
    id: '002_user_roles',
    sql: `ALTER TABLE users ADD COLUMN roles text[] NOT NULL DEFAULT '{}';`,
  },
  {
    // The language a user reads (from user.registered; older events have none: Spanish), and
    // the email outbox sent by priority (3 urgent ... 0 low) before age.
    id: '003_locale_and_email_priority',
    sql: `
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'es' CHECK (locale IN ('es', 'en'));
ALTER TABLE emails ADD COLUMN priority smallint NOT NULL DEFAULT 1;
DROP INDEX emails_pending;
CREATE INDEX emails_pending ON emails (priority DESC, created_at) WHERE status = 'PENDING';
`,
  },
  {
    // Emails that carry a one-time code or reset link: `body` shows it redacted, the real
    // body is sealed for the recipient (identity's MailSecrets) and opened only to send it.
    id: '004_sealed_email_body',
    sql: 'ALTER TABLE emails ADD COLUMN sealed_body text;',
  },
  {
    // Emails are handed to SMTP by jobs of the platform queue (pg-boss, decision 0036), with
    // its priorities, retries and dead letters: the table keeps the emails (what the API lists),
    // no longer a lease or a claim order. Rows PENDING at the upgrade get their job when the
    // service starts (EmailWorker).
    id: '005_emails_sent_by_the_queue',
    sql: `
ALTER TABLE emails DROP COLUMN lease_until;
DROP INDEX emails_pending;
CREATE INDEX emails_pending ON emails (created_at) WHERE status = 'PENDING';
`,
  },
];
