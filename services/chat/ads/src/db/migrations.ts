import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_campaigns_impressions_clicks',
    sql: `
-- A campaign. spent_cents only grows, by conditional UPDATEs (spent + price <= budget), and the
-- CHECK is the backstop: the budget is never overspent whatever the races (decision 0087).
-- Empty targeting arrays match everyone on that dimension; empty placements, every placement.
CREATE TABLE campaigns (
  id uuid PRIMARY KEY,
  advertiser_id uuid NOT NULL,
  title text NOT NULL,
  text text NOT NULL,
  target_url text NOT NULL,
  interests text[] NOT NULL DEFAULT '{}',
  channel_ids uuid[] NOT NULL DEFAULT '{}',
  locales text[] NOT NULL DEFAULT '{}',
  placements text[] NOT NULL DEFAULT '{}',
  budget_cents bigint NOT NULL CHECK (budget_cents > 0),
  spent_cents bigint NOT NULL DEFAULT 0,
  pricing text NOT NULL CHECK (pricing IN ('impression', 'click')),
  price_cents integer NOT NULL CHECK (price_cents > 0),
  frequency_cap integer NOT NULL CHECK (frequency_cap > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- An end before the start is refused at the route; here it would only mean never shown.
  CHECK (spent_cents >= 0 AND spent_cents <= budget_cents)
);
CREATE INDEX campaigns_by_advertiser ON campaigns (advertiser_id, created_at DESC);
CREATE INDEX campaigns_active ON campaigns (status, starts_at) WHERE status = 'active';

-- Impressions of a campaign per user per day (in Lima). A serve increments shown with
-- INSERT ... ON CONFLICT DO UPDATE ... WHERE shown < cap: one atomic statement under the row's
-- lock, so concurrent serves never pass the cap; the CHECK is the backstop.
CREATE TABLE frequency (
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  user_id uuid NOT NULL,
  day date NOT NULL,
  shown integer NOT NULL,
  cap integer NOT NULL,
  PRIMARY KEY (campaign_id, user_id, day),
  CHECK (shown > 0 AND shown <= cap)
);

-- One row per ad served; its id is the token the client clicks with. request_id is the
-- client's id for the ad request (the impression's own id when it gives none): a retried
-- request finds the stored impression instead of recording a second one.
CREATE TABLE impressions (
  id uuid PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  user_id uuid NOT NULL,
  placement text NOT NULL,
  request_id text NOT NULL,
  cost_cents integer NOT NULL CHECK (cost_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, request_id)
);

-- At most one click per impression (the primary key): a repeated click changes nothing.
CREATE TABLE clicks (
  impression_id uuid PRIMARY KEY REFERENCES impressions (id),
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  user_id uuid NOT NULL,
  cost_cents integer NOT NULL CHECK (cost_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What a user told ads about themselves.
CREATE TABLE profiles (
  user_id uuid PRIMARY KEY,
  interests text[] NOT NULL DEFAULT '{}',
  locale text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The channels a user follows, learned from suscripcion.creada / suscripcion.eliminada.
CREATE TABLE follows (
  user_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  followed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, channel_id)
);
`,
  },
];
