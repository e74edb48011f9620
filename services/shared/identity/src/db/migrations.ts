import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_init',
    sql: `
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{client}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  email_key text NOT NULL,
  user_id uuid REFERENCES users (id),
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_attempts_by_email ON login_attempts (email_key, at DESC);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  replaced_by uuid
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id) WHERE revoked_at IS NULL;
`,
  },
  {
    id: '002_access',
    sql: `
ALTER TABLE users
  ADD COLUMN system text NOT NULL DEFAULT 'instudio',
  ADD COLUMN locale text NOT NULL DEFAULT 'es',
  ADD COLUMN phone text,
  ADD COLUMN country text,
  ADD COLUMN birth_date date,
  ADD COLUMN email_verified_at timestamptz,
  -- Lockout state, counted atomically on the row (UPDATE ... RETURNING).
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
  ADD COLUMN first_failure_at timestamptz,
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN first_sign_in_at timestamptz;

-- Emailed 6-digit codes (HMAC only): email verification and the 2FA login challenge.
CREATE TABLE access_codes (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'login_2fa')),
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX access_codes_live ON access_codes (user_id, purpose, created_at DESC) WHERE used_at IS NULL;

-- Password reset links (SHA-256 of the token only).
CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_resets_by_user ON password_resets (user_id) WHERE used_at IS NULL;

-- "Remember this device": skips the 2FA code (SHA-256 of the device token only).
CREATE TABLE trusted_devices (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE,
  name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz
);

-- What an account signed in from, for the suspicious-login check.
CREATE TABLE known_devices (
  user_id uuid NOT NULL REFERENCES users (id),
  device text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, device)
);
CREATE TABLE known_countries (
  user_id uuid NOT NULL REFERENCES users (id),
  country text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, country)
);
CREATE INDEX refresh_tokens_live_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
`,
  },
  {
    id: '003_drop_login_attempts',
    // Lockout moved onto the account row (002); the per-email attempts log is no longer read.
    sql: 'DROP TABLE login_attempts;',
  },
  {
    id: '004_login_failures',
    // Lockout per account and source (issue 12, item 5): an attacker locks only their own
    // address out, and unknown emails are counted exactly like accounts. The users columns
    // failed_logins, first_failure_at and locked_until are no longer read.
    sql: `
CREATE TABLE login_failures (
  account_key text NOT NULL,
  source text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  first_failure_at timestamptz,
  locked_until timestamptz,
  last_lock_until timestamptz,
  locks integer NOT NULL DEFAULT 0,
  PRIMARY KEY (account_key, source)
);
`,
  },
  {
    id: '005_session_versions',
    // Decision 0027: access tokens carry the user's session version; logout-all and a
    // password reset raise it. Refresh tokens keep how their family signed in (amr).
    sql: `ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0, ADD COLUMN sessions_ended_at timestamptz;
ALTER TABLE refresh_tokens ADD COLUMN amr text[] NOT NULL DEFAULT '{pwd}';
CREATE INDEX trusted_devices_by_user ON trusted_devices (user_id);`,
  },
];
