import { type Db, sql } from '@coordina/platform';
import type { MediaKind, MediaStatus, MediaVariant, MediaView } from '../contracts/media.dto';

/** A processed file as stored on the row (its URL is derived). */
export type StoredVariant = Omit<MediaVariant, 'url'>;

export interface MediaRecord {
  id: string;
  uploadedBy: string;
  kind: MediaKind;
  status: MediaStatus;
  bytes: number;
  variants: StoredVariant[];
  reason: string | null;
  createdAt: Date;
  processedAt: Date | null;
}

const columns = sql`id, uploaded_by AS "uploadedBy", kind, status, bytes, variants, reason,
  created_at AS "createdAt", processed_at AS "processedAt"`;

export const variantUrl = (id: string, name: string) => `/api/chat/media/${id}/variants/${name}`;

export function mediaView(r: MediaRecord): MediaView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    variants: r.variants.map((v) => ({ ...v, url: variantUrl(r.id, v.name) })),
    uploadedBy: r.uploadedBy,
    createdAt: r.createdAt.toISOString(),
    processedAt: r.processedAt?.toISOString() ?? null,
  };
}

/** Media rows and who may read them. */
export class MediaRepository {
  async insert(q: Db, m: { id: string; uploadedBy: string; kind: MediaKind; bytes: number }): Promise<void> {
    await sql`INSERT INTO media (id, uploaded_by, kind, bytes)
      VALUES (${m.id}, ${m.uploadedBy}, ${m.kind}, ${m.bytes})`.execute(q);
  }

  async find(q: Db, id: string): Promise<MediaRecord | undefined> {
    const r = await sql<MediaRecord>`SELECT ${columns} FROM media WHERE id = ${id}`.execute(q);
    return r.rows[0];
  }

  /** The media when the user uploaded it or is a member of a conversation carrying it. */
  async findFor(q: Db, id: string, userId: string): Promise<MediaRecord | undefined> {
    const r = await sql<MediaRecord>`SELECT ${columns} FROM media m WHERE id = ${id}
      AND (uploaded_by = ${userId} OR EXISTS (
        SELECT 1 FROM media_access a WHERE a.media_id = m.id AND a.user_id = ${userId}))`.execute(q);
    return r.rows[0];
  }

  /** Claims a media for processing; undefined when it is ready already (a repeated job). */
  async start(q: Db, id: string): Promise<MediaRecord | undefined> {
    const r = await sql<MediaRecord>`UPDATE media SET status = 'processing', reason = NULL
      WHERE id = ${id} AND status <> 'ready' RETURNING ${columns}`.execute(q);
    return r.rows[0];
  }

  /** Marks it ready with its variants; false when it was ready already. */
  async ready(q: Db, id: string, variants: StoredVariant[]): Promise<boolean> {
    const r = await sql`UPDATE media SET status = 'ready', variants = ${JSON.stringify(variants)}::jsonb,
      reason = NULL, processed_at = now() WHERE id = ${id} AND status <> 'ready'`.execute(q);
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  /** Parks it with its reason (its job goes to the dead letters, where an operator retries it). */
  async fail(q: Db, id: string, reason: string): Promise<void> {
    await sql`UPDATE media SET status = 'failed', reason = ${reason.slice(0, 2000)}
      WHERE id = ${id} AND status <> 'ready'`.execute(q);
  }

  /**
   * Lets a conversation's members read a media a message of `senderId` carries, when the sender
   * may read it (uploaded it, or got it in another conversation): knowing a media's id is not
   * enough to share it.
   */
  async grant(
    q: Db,
    a: { mediaId: string; conversationId: string; senderId: string; memberIds: readonly string[] },
  ): Promise<void> {
    if (a.memberIds.length === 0) return;
    await sql`INSERT INTO media_access (media_id, conversation_id, user_id)
      SELECT ${a.mediaId}, ${a.conversationId}, u FROM unnest(${a.memberIds}::uuid[]) AS u
      WHERE EXISTS (SELECT 1 FROM media m WHERE m.id = ${a.mediaId} AND (m.uploaded_by = ${a.senderId}
        OR EXISTS (SELECT 1 FROM media_access x WHERE x.media_id = m.id AND x.user_id = ${a.senderId})))
      ON CONFLICT DO NOTHING`.execute(q);
  }

  /** The conversations carrying the media and their members. */
  async audience(q: Db, mediaId: string): Promise<{ conversationIds: string[]; memberIds: string[] }> {
    const r = await sql<{ conversationId: string; userId: string }>`SELECT conversation_id AS "conversationId",
      user_id AS "userId" FROM media_access WHERE media_id = ${mediaId}`.execute(q);
    return {
      conversationIds: [...new Set(r.rows.map((x) => x.conversationId))],
      memberIds: [...new Set(r.rows.map((x) => x.userId))],
    };
  }
}
