import { type Db, sql } from '@coordina/platform';

/** The most conversations whose member lists one process keeps (the least recently used go first). */
const KEPT = 10_000;

/**
 * The member lists of conversations, kept by version (decision 0132). A message fact names the
 * version of the list it was sent at; a kept list of that version or a newer one is used as it
 * is, an older one (or none) is read again. A newer list may hold members added after the send
 * (they may read the whole history anyway) and lack members removed since (they may no longer
 * read it): what a socket is sent is what its user may read when it is sent.
 */
export class ConversationMembers {
  readonly #kept = new Map<string, { version: number; ids: readonly string[] }>();

  /** The members of a list version at least `atLeast` (undefined: read now). */
  async of(q: Db, conversationId: string, atLeast: number | undefined): Promise<readonly string[]> {
    const kept = this.#kept.get(conversationId);
    if (kept && atLeast !== undefined && kept.version >= atLeast) {
      this.#kept.delete(conversationId);
      this.#kept.set(conversationId, kept);
      return kept.ids;
    }
    const r = await sql<{ version: number; ids: string[] | null }>`SELECT c.members_version AS version,
        (SELECT array_agg(m.user_id::text ORDER BY m.user_id) FROM conversation_members m
          WHERE m.conversation_id = c.id) AS ids
      FROM conversations c WHERE c.id = ${conversationId}`.execute(q);
    const row = r.rows[0];
    if (!row) return [];
    const read = { version: row.version, ids: Object.freeze(row.ids ?? []) };
    const now = this.#kept.get(conversationId);
    if (!now || now.version <= read.version) {
      this.#kept.delete(conversationId);
      this.#kept.set(conversationId, read);
      if (this.#kept.size > KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
    }
    return read.ids;
  }
}
