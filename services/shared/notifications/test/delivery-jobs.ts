import { type ServiceContext, sql } from '@coordina/platform';
import { DELIVERY_QUEUE } from '../src/domain/delivery.job';

/**
 * The delivery jobs carrying `key`, whatever their ids: how many, and how many have not finished
 * yet. A duplicate job (a singleton key that failed to dedupe) counts here too.
 */
export async function deliveryJobs(ctx: ServiceContext, key: string): Promise<{ jobs: number; open: number }> {
  const r = await sql<{ jobs: number; open: number }>`SELECT count(*)::int AS jobs,
      (count(*) FILTER (WHERE state NOT IN ('completed', 'cancelled', 'failed')))::int AS open
    FROM pgboss.job WHERE name = ${DELIVERY_QUEUE} AND data->'payload'->>'key' = ${key}`.execute(ctx.db.db);
  return r.rows[0] ?? { jobs: 0, open: 0 };
}

/** Whether consumer group `group` has handled the event (its inbox row commits with the handler's writes). */
export async function handled(ctx: ServiceContext, group: string, eventId: string): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox
    WHERE group_id = ${group} AND event_id = ${eventId}`.execute(ctx.db.db);
  return r.rows[0]?.n === 1;
}
