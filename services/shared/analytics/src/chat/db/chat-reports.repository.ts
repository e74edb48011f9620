import type { DuckDbStore } from '../../db/duckdb.store';
import type { AdsQuery, AdsRow } from '../contracts/chat.dto';

const periodOf = (p: AdsQuery['period']) =>
  p === 'all' ? 'CAST(NULL AS DATE)' : `CAST(date_trunc('${p}', day) AS DATE)`;

/** Chat reports over the DuckDB facts; the period comes from a validated enum, values are bound. */
export class ChatReportsRepository {
  constructor(private readonly store: DuckDbStore) {}

  /** Per campaign and period; `advertiserId` limits it to one advertiser's campaigns. */
  async ads(q: AdsQuery, advertiserId: string | undefined): Promise<AdsRow[]> {
    const rows = await this.store.read(
      `WITH campaigns AS (
        SELECT campaign_id, arg_max(title, occurred_at) AS title FROM chat_ad_campaign_facts GROUP BY campaign_id
      ),
      facts AS (
        SELECT campaign_id, advertiser_id, day, 1 AS impressions, 0 AS clicks, cost_cents FROM chat_ad_impression_facts
        UNION ALL
        SELECT campaign_id, advertiser_id, day, 0 AS impressions, 1 AS clicks, cost_cents FROM chat_ad_click_facts
      )
      SELECT ${periodOf(q.period)} AS period, f.campaign_id AS key, coalesce(any_value(c.title), f.campaign_id) AS label,
        any_value(f.advertiser_id) AS advertiser_id, sum(impressions) AS impressions, sum(clicks) AS clicks,
        sum(cost_cents) AS spend
      FROM facts f LEFT JOIN campaigns c USING (campaign_id)
      WHERE ($from::DATE IS NULL OR f.day >= $from::DATE) AND ($to::DATE IS NULL OR f.day <= $to::DATE)
        AND ($advertiser::VARCHAR IS NULL OR f.advertiser_id = $advertiser::VARCHAR)
        AND ($campaign::VARCHAR IS NULL OR f.campaign_id = $campaign::VARCHAR)
      GROUP BY 1, f.campaign_id ORDER BY 1 NULLS FIRST, spend DESC, 2`,
      {
        from: q.from ?? null,
        to: q.to ?? null,
        advertiser: advertiserId ?? null,
        campaign: q.campaignId ?? null,
      },
    );
    return rows.map((r) => {
      const impressions = Number(r.impressions);
      const clicks = Number(r.clicks);
      return {
        period: (r.period as string | null) ?? null,
        key: String(r.key),
        label: String(r.label),
        advertiserId: String(r.advertiser_id),
        impressions,
        clicks,
        ctr: impressions === 0 ? 0 : Math.round((clicks / impressions) * 10_000) / 10_000,
        spendCents: Number(r.spend),
      };
    });
  }
}
