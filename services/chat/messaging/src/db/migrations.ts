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
    id: '002_chat_presence',
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
];
