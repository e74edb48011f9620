import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_channels_posts_subscriptions',
    sql: `
-- A channel; a monthly price (PEN cents) makes it a paid channel.
CREATE TABLE channels (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  monthly_price_cents integer CHECK (monthly_price_cents > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_by_time ON channels (created_at DESC, id);

-- A post is stored once (decision 0085): feeds read it through the subscriptions.
CREATE TABLE posts (
  id uuid PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  author_id uuid NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX posts_by_channel ON posts (channel_id, created_at DESC, id DESC);

-- One row per subscriber and channel. Paid channels: paid_until ends the paid period (access
-- while it is in the future); payment_id is the charge under way or the last one; cancelled_at
-- stops the renewals. Every change is a conditional UPDATE on this row.
CREATE TABLE subscriptions (
  channel_id uuid NOT NULL REFERENCES channels (id),
  user_id uuid NOT NULL,
  muted boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('active', 'pending_payment', 'renewing', 'payment_failed')),
  paid_until timestamptz,
  cancelled_at timestamptz,
  payment_method text,
  payment_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions (user_id, channel_id);
CREATE INDEX subscriptions_renewals ON subscriptions (paid_until)
  WHERE status = 'active' AND cancelled_at IS NULL AND paid_until IS NOT NULL;

-- What the fan-out told each subscriber (once per post and user: the primary key), for the
-- email digest: seen_at when the subscriber marked their feed seen, digested_at once emailed.
CREATE TABLE post_notifications (
  post_id uuid NOT NULL REFERENCES posts (id),
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz,
  digested_at timestamptz,
  PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_notifications_pending ON post_notifications (user_id, created_at)
  WHERE seen_at IS NULL AND digested_at IS NULL;
`,
  },
];
