import { type Db, type ServiceContext, sql } from '@coordina/platform';
import { MailSecrets } from '../src/contracts/mail-secrets';

/** Identity's outbox, and the key that opens what it seals for mailboxes (as notifications does). */
export interface MailView {
  db: Db;
  secrets: MailSecrets;
}

export function mailViewOf(ctx: ServiceContext): MailView {
  return { db: ctx.db.db, secrets: MailSecrets.fromJwtSecret(ctx.config.jwtSecret) };
}

/**
 * Reads what identity emailed through its own outbox (the events it published), opening the
 * sealed secret the way notifications does before handing the email to SMTP; there is no
 * backdoor endpoint.
 */
export async function emailedCode(
  mail: MailView,
  userId: string,
  purpose: 'verify_email' | 'login_2fa',
): Promise<string> {
  const r = await sql<{ sealed: string; email: string }>`SELECT event->'data'->>'sealedCode' AS sealed,
      event->'data'->>'email' AS email FROM coordina_outbox
    WHERE topic = 'codigo-acceso.emitido' AND key = ${userId} AND event->'data'->>'purpose' = ${purpose}
    ORDER BY seq DESC LIMIT 1`.execute(mail.db);
  const row = r.rows[0];
  if (!row) throw new Error(`no ${purpose} code emailed to ${userId}`);
  return mail.secrets.open(row.sealed, row.email);
}

/** The newest password reset link emailed to the user. */
export async function emailedResetLink(mail: MailView, userId: string): Promise<string> {
  const r = await sql<{ sealed: string; email: string }>`SELECT event->'data'->>'sealedLink' AS sealed,
      event->'data'->>'email' AS email FROM coordina_outbox
    WHERE topic = 'restablecimiento-clave.solicitado' AND key = ${userId} ORDER BY seq DESC LIMIT 1`.execute(mail.db);
  const row = r.rows[0];
  if (!row) throw new Error(`no reset link emailed to ${userId}`);
  return mail.secrets.open(row.sealed, row.email);
}

/** Data of every event of a topic published for the user, oldest first. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary event data
export async function published(db: Db, topic: string, userId: string): Promise<any[]> {
  const r = await sql<{ data: unknown }>`SELECT event->'data' AS data FROM coordina_outbox
    WHERE topic = ${topic} AND key = ${userId} ORDER BY seq`.execute(db);
  return r.rows.map((row) => row.data);
}
