import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_community',
    sql: `
-- What each user bought (from pedido.pagado): who may review a product.
CREATE TABLE purchases (
  user_id uuid NOT NULL,
  product_id uuid NOT NULL,
  order_id uuid NOT NULL,
  bought_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, product_id)
);

-- Who sells each product (from producto.publicado / producto.actualizado): sellers' ratings.
CREATE TABLE product_sellers (
  product_id uuid PRIMARY KEY,
  seller_id uuid NOT NULL
);

CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  product_id uuid NOT NULL,
  author_id uuid NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  text text NOT NULL CHECK (char_length(text) <= 10000),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'flagged', 'rejected')),
  -- Bumped by every edit: a moderation job decides only the version it was queued for.
  version integer NOT NULL DEFAULT 1,
  helpful_count integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
  reply_count integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
  moderation_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, author_id)
);
CREATE INDEX reviews_public ON reviews (product_id, created_at DESC, id) WHERE status = 'approved';
CREATE INDEX reviews_by_status ON reviews (status, updated_at, id);

CREATE TABLE review_votes (
  review_id uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, user_id)
);

CREATE TABLE review_replies (
  id uuid PRIMARY KEY,
  review_id uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_replies_by_review ON review_replies (review_id, created_at, id);

CREATE TABLE abuse_reports (
  id uuid PRIMARY KEY,
  target_type text NOT NULL CHECK (target_type IN ('review', 'reply', 'thread', 'post')),
  target_id uuid NOT NULL,
  reporter_id uuid NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (target_type, target_id, reporter_id)
);
CREATE INDEX abuse_reports_by_status ON abuse_reports (status, created_at, id);

CREATE TABLE forum_threads (
  id uuid PRIMARY KEY,
  product_id uuid,
  author_id uuid NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  post_count integer NOT NULL DEFAULT 0 CHECK (post_count >= 0),
  last_post_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_threads_by_activity ON forum_threads (last_post_at DESC, id);
CREATE INDEX forum_threads_by_product ON forum_threads (product_id, last_post_at DESC, id);

CREATE TABLE forum_posts (
  id uuid PRIMARY KEY,
  thread_id uuid NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
  author_id uuid NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_posts_by_thread ON forum_posts (thread_id, created_at, id);
`,
  },
  {
    id: '002_purchase_revocations',
    sql: `
-- A purchase per order (a refunded order must not hide another order of the same product),
-- with the payment that paid it (admin refunds name the payment, not the order).
ALTER TABLE purchases DROP CONSTRAINT purchases_pkey;
ALTER TABLE purchases ADD PRIMARY KEY (user_id, product_id, order_id);
ALTER TABLE purchases ADD COLUMN payment_id uuid;

-- Orders cancelled (pedido.cancelado) and payments refunded in full (pago.reembolsado): their
-- purchases no longer let a buyer review. Kept apart from purchases, so the order in which
-- the facts arrive does not matter (a cancellation may be read before the payment).
CREATE TABLE purchase_revocations (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('order', 'payment')),
  reason text NOT NULL,
  at timestamptz NOT NULL
);
`,
  },
];
