import { type Db, sql } from '@coordina/platform';

/**
 * Reads what identity emailed through its own outbox (the events it published), the way
 * notifications receives them; there is no backdoor endpoint.
 */
export async function emailedCode(db: Db, userId: string, purpose: 'verify_email' | 'login_2fa'): Promise<string> {
  const r = await sql<{ code: string }>`SELECT event->'data'->>'code' AS code FROM coordina_outbox
    WHERE topic = 'user.access-code.issued' AND key = ${userId} AND event->'data'->>'purpose' = ${purpose}
    ORDER BY seq DESC LIMIT 1`.execute(db);
  const code = r.rows[0]?.code;
  if (!code) throw new Error(`no ${purpose} code emailed to ${userId}`);
  return code;
}

/** The newest password reset link emailed to the user. */
export async function emailedResetLink(db: Db, userId: string): Promise<string> {
  const r = await sql<{ link: string }>`SELECT event->'data'->>'link' AS link FROM coordina_outbox
    WHERE topic = 'user.password-reset.requested' AND key = ${userId} ORDER BY seq DESC LIMIT 1`.execute(db);
  const link = r.rows[0]?.link;
  if (!link) throw new Error(`no reset link emailed to ${userId}`);
  return link;
}

/** Data of every event of a topic published for the user, oldest first. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary event data
export async function published(db: Db, topic: string, userId: string): Promise<any[]> {
  const r = await sql<{ data: unknown }>`SELECT event->'data' AS data FROM coordina_outbox
    WHERE topic = ${topic} AND key = ${userId} ORDER BY seq`.execute(db);
  return r.rows.map((row) => row.data);
}
