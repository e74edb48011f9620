import { type Db, sql } from '@coordina/platform';
import type { SearchPage, SearchQuery } from '../contracts/extras.dto';
import { columns, type MessageRow, view } from './messages.repository';

/** Full-text search over the messages of one user's conversations (decision 0089). */
export class SearchRepository {
  /** Best match first, newest first among equals; deleted messages never match. */
  async search(q: Db, userId: string, s: SearchQuery): Promise<SearchPage> {
    const r = await sql<MessageRow>`SELECT ${columns}
      FROM messages m
      JOIN conversation_members me ON me.conversation_id = m.conversation_id AND me.user_id = ${userId},
        websearch_to_tsquery('spanish', ${s.q}) AS query
      WHERE m.search @@ query AND m.deleted_at IS NULL
      ORDER BY ts_rank(m.search, query) DESC, m.created_at DESC, m.id
      LIMIT ${s.limit + 1} OFFSET ${s.offset}`.execute(q);
    return { items: r.rows.slice(0, s.limit).map(view), hasMore: r.rows.length > s.limit };
  }
}
