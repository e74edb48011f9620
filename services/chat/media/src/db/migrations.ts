import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [
  {
    id: '001_media',
    sql: `
-- An upload: its original is stored at <id>/original before the row commits, with the
-- processing job in the same transaction (pg-boss in this database). variants is what
-- processing wrote (name, contentType, bytes, width, height); reason says why it is parked.
CREATE TABLE media (
  id uuid PRIMARY KEY,
  uploaded_by uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'video', 'audio')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
  bytes integer NOT NULL CHECK (bytes > 0),
  variants jsonb NOT NULL DEFAULT '[]',
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  CHECK ((status = 'failed') = (reason IS NOT NULL))
);

-- Who may read a media besides its uploader: the members of every conversation a message
-- carrying it was sent to (from mensaje.enviado).
CREATE TABLE media_access (
  media_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (media_id, user_id, conversation_id)
);
`,
  },
];
