import { type Db, sql } from '@coordina/platform';

/** An impression as stored, with what a served ad shows. */
export interface ImpressionRow {
  id: string;
  campaignId: string;
  advertiserId: string;
  userId: string;
  placement: string;
  costCents: number;
  title: string;
  text: string;
  targetUrl: string;
  pricing: 'impression' | 'click';
  priceCents: number;
  createdAt: Date;
}

const joined = sql`i.id, i.campaign_id AS "campaignId", c.advertiser_id AS "advertiserId", i.user_id AS "userId",
  i.placement, i.cost_cents AS "costCents", c.title, c.text, c.target_url AS "targetUrl", c.pricing,
  c.price_cents AS "priceCents", i.created_at AS "createdAt"`;

/** Frequency caps, impressions and clicks: each written once, by the database's keys and guards. */
export class ServingRepository {
  /**
   * Counts one more impression of the campaign for the user today (Lima) if that stays within
   * `cap`: one INSERT ... ON CONFLICT DO UPDATE ... WHERE, atomic under the row's lock, so
   * concurrent serves never pass it. False when the cap is reached.
   */
  async countImpression(q: Db, campaignId: string, userId: string, cap: number): Promise<boolean> {
    const r = await sql`INSERT INTO frequency AS f (campaign_id, user_id, day, shown, cap)
      VALUES (${campaignId}, ${userId}, (now() AT TIME ZONE 'America/Lima')::date, 1, ${cap})
      ON CONFLICT (campaign_id, user_id, day) DO UPDATE SET shown = f.shown + 1 WHERE f.shown < f.cap`.execute(q);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Stores the impression; false when the user's requestId has one already. */
  async insertImpression(
    q: Db,
    i: { id: string; campaignId: string; userId: string; placement: string; requestId: string; costCents: number },
  ): Promise<Date | undefined> {
    const r = await sql<{
      createdAt: Date;
    }>`INSERT INTO impressions (id, campaign_id, user_id, placement, request_id, cost_cents)
      VALUES (${i.id}, ${i.campaignId}, ${i.userId}, ${i.placement}, ${i.requestId}, ${i.costCents})
      ON CONFLICT (user_id, request_id) DO NOTHING RETURNING created_at AS "createdAt"`.execute(q);
    return r.rows[0]?.createdAt;
  }

  async byRequest(q: Db, userId: string, requestId: string): Promise<ImpressionRow | undefined> {
    const r = await sql<ImpressionRow>`SELECT ${joined} FROM impressions i JOIN campaigns c ON c.id = i.campaign_id
      WHERE i.user_id = ${userId} AND i.request_id = ${requestId}`.execute(q);
    return r.rows[0];
  }

  /** The user's impression of the campaign with this token (id); another user's or campaign's is not found. */
  async impression(q: Db, token: string, campaignId: string, userId: string): Promise<ImpressionRow | undefined> {
    const r = await sql<ImpressionRow>`SELECT ${joined} FROM impressions i JOIN campaigns c ON c.id = i.campaign_id
      WHERE i.id = ${token} AND i.campaign_id = ${campaignId} AND i.user_id = ${userId}`.execute(q);
    return r.rows[0];
  }

  /** Stores the impression's click; false when it had one (the primary key). */
  async insertClick(q: Db, i: ImpressionRow, costCents: number): Promise<Date | undefined> {
    const r = await sql<{ createdAt: Date }>`INSERT INTO clicks (impression_id, campaign_id, user_id, cost_cents)
      VALUES (${i.id}, ${i.campaignId}, ${i.userId}, ${costCents})
      ON CONFLICT (impression_id) DO NOTHING RETURNING created_at AS "createdAt"`.execute(q);
    return r.rows[0]?.createdAt;
  }
}
