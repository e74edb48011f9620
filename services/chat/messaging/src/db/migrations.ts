import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_conversations_messages',
    sql: `
-- A conversation and its members. last_seq is the seq of its newest message: a send takes the
-- next one with UPDATE ... SET last_seq = last_seq + 1 RETURNING in its own transaction, so
-- the row lock orders the sends of one conversation and a rolled-back send leaves no gap
-- (decision 0080). direct_key is 'smaller-uuid:larger-uuid' of a 1:1's two members: unique,
-- so a pair has one 1:1 conversation whatever the races.
CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('direct', 'group')),
  title text,
  direct_key text UNIQUE,
  created_by uuid NOT NULL,
  last_seq integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz,
  CHECK ((kind = 'direct') = (direct_key IS NOT NULL)),
  CHECK (kind = 'group' OR title IS NULL)
);

CREATE TABLE conversation_members (
  conversation_id uuid NOT NULL REFERENCES conversations (id),
  user_id uuid NOT NULL,
  -- The member's read receipt: every message up to this seq is read (only moves forward).
  read_seq integer NOT NULL DEFAULT 0 CHECK (read_seq >= 0),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_by_user ON conversation_members (user_id, conversation_id);

-- A message keeps its seq forever (a delete leaves a tombstone). client_id is the sender's own
-- id for it: a retried send finds the stored message instead of storing it twice.
CREATE TABLE messages (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id),
  seq integer NOT NULL CHECK (seq > 0),
  sender_id uuid NOT NULL,
  client_id text NOT NULL,
  text text,
  media_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, sender_id, client_id),
  CHECK (deleted_at IS NOT NULL OR text IS NOT NULL OR media_id IS NOT NULL)
);
`,
  },
  {
    id: '002_search_blocks_reports_payments',
    sql: `
-- Full-text search (decision 0089): a stored generated tsvector of the text, so an edit
-- re-indexes the message in its own UPDATE and a delete (text NULL) empties it.
ALTER TABLE messages ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('spanish', coalesce(text, ''))) STORED;
CREATE INDEX messages_search ON messages USING gin (search);

-- A payment message may have no text (its money is in message_payments).
ALTER TABLE messages ADD COLUMN kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'payment'));
ALTER TABLE messages DROP CONSTRAINT messages_check;
ALTER TABLE messages ADD CONSTRAINT messages_has_content
  CHECK (deleted_at IS NOT NULL OR text IS NOT NULL OR media_id IS NOT NULL OR kind = 'payment');

-- blocker_id blocked blocked_id: blocked_id cannot start a 1:1 with blocker_id nor send into it.
CREATE TABLE user_blocks (
  blocker_id uuid NOT NULL,
  blocked_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
);
CREATE INDEX user_blocks_by_blocked ON user_blocks (blocked_id, blocker_id);

-- One report per message and reporter; the text as it was when reported.
CREATE TABLE message_reports (
  message_id uuid NOT NULL REFERENCES messages (id),
  reporter_id uuid NOT NULL,
  conversation_id uuid NOT NULL REFERENCES conversations (id),
  sender_id uuid NOT NULL,
  reason text NOT NULL,
  text text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, reporter_id)
);
CREATE INDEX message_reports_newest ON message_reports (created_at DESC);

-- The money of a payment message. status moves pending -> paid | failed once, by the payment
-- saga when payments' webhook-confirmed reply arrives (decision 0090).
CREATE TABLE message_payments (
  message_id uuid PRIMARY KEY REFERENCES messages (id),
  payment_id uuid NOT NULL UNIQUE,
  conversation_id uuid NOT NULL REFERENCES conversations (id),
  payer_id uuid NOT NULL,
  payee_id uuid NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL DEFAULT 'PEN',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
  reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (payer_id <> payee_id)
);
`,
  },
  {
    id: '003_media_ready',
    sql: `
-- The media chat-media announced ready (media.procesada): a message carrying one shows it ready.
CREATE TABLE media_ready (
  media_id uuid PRIMARY KEY,
  ready_at timestamptz NOT NULL
);
`,
  },
  {
    id: '004_chat_presence',
    sql: `
-- Presence (decision 0082): how many sockets a user holds across the gateways and when they
-- were last seen (kept after they go offline). A count left by a gateway that died is
-- outlived by last_seen_at: a user is online only with sockets AND seen in the last 2 minutes
-- (open sockets refresh it every minute).
CREATE TABLE chat_presence (
  user_id uuid PRIMARY KEY,
  sockets integer NOT NULL DEFAULT 0 CHECK (sockets >= 0),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '005_message_changes',
    sql: `
-- Every change of a conversation's messages (sent, edited, deleted, payment settled) takes the
-- next position of the conversation's change counter, in the transaction that makes it, under
-- the conversation row's lock (like last_seq): positions have no gaps and commit in order, so
-- a socket resumes by change and gets every change it missed, edits and deletes of old messages
-- included (decision 0104). A change row names the message; its state is read from messages
-- (a deleted message's text is never kept here).
ALTER TABLE conversations ADD COLUMN last_change integer NOT NULL DEFAULT 0 CHECK (last_change >= 0);
CREATE TABLE message_changes (
  conversation_id uuid NOT NULL REFERENCES conversations (id),
  change integer NOT NULL CHECK (change > 0),
  message_id uuid NOT NULL REFERENCES messages (id),
  type text NOT NULL CHECK (type IN ('message', 'message.edited', 'message.deleted', 'message.payment')),
  PRIMARY KEY (conversation_id, change)
);
CREATE INDEX message_changes_by_message ON message_changes (message_id);
-- Messages stored before: their sends, at their seq (edits and deletes made before were not logged).
INSERT INTO message_changes (conversation_id, change, message_id, type)
  SELECT conversation_id, seq, id, 'message' FROM messages;
UPDATE conversations SET last_change = last_seq;
`,
  },
  {
    id: '006_presence_sweep',
    sql: `
-- The presence sweeper (decision 0105) looks for counts nobody refreshed lately: only rows with
-- sockets are indexed, so a round reads the few online users, not everyone ever seen.
CREATE INDEX chat_presence_online_by_refresh ON chat_presence (last_seen_at) WHERE sockets > 0;
`,
  },
  {
    id: '007_message_changes_retention',
    sql: `
-- The change log keeps changes for CHAT_CHANGES_KEEP_MS (decision 0116): each change has its time,
-- older ones are deleted in batches, and the conversation keeps the highest position deleted
-- (changes_pruned). A resume from before it is told to reload the history, never given a gap.
-- Changes logged before this migration count from now.
ALTER TABLE message_changes ADD COLUMN at timestamptz NOT NULL DEFAULT now();
CREATE INDEX message_changes_by_age ON message_changes (at);
ALTER TABLE conversations ADD COLUMN changes_pruned integer NOT NULL DEFAULT 0 CHECK (changes_pruned >= 0);
`,
  },
  {
    id: '008_members_version',
    sql: `
-- A group's member list has a version, raised by every change of it (decision 0132): message facts
-- carry the version they were sent at instead of the list, and a consumer that keeps the list of a
-- version at least as new needs no read.
ALTER TABLE conversations ADD COLUMN members_version integer NOT NULL DEFAULT 1 CHECK (members_version > 0);
`,
  },
];
