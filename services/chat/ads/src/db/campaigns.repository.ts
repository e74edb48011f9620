import { type Db, sql } from '@coordina/platform';
import type { CampaignView, CreateCampaignBody, Pricing } from '../contracts/ads.dto';

const columns = sql`c.id, c.advertiser_id AS "advertiserId", c.title, c.text, c.target_url AS "targetUrl",
  c.interests, c.channel_ids AS "channelIds", c.locales, c.placements, c.budget_cents::int AS "budgetCents",
  c.spent_cents::int AS "spentCents", c.pricing, c.price_cents AS "priceCents", c.frequency_cap AS "frequencyCap",
  c.starts_at AS "startsAt", c.ends_at AS "endsAt", c.status, c.created_at AS "createdAt"`;

interface CampaignRow {
  id: string;
  advertiserId: string;
  title: string;
  text: string;
  targetUrl: string;
  interests: string[];
  channelIds: string[];
  locales: string[];
  placements: string[];
  budgetCents: number;
  spentCents: number;
  pricing: Pricing;
  priceCents: number;
  frequencyCap: number;
  startsAt: Date;
  endsAt: Date | null;
  status: 'active' | 'paused';
  createdAt: Date;
}

const view = (r: CampaignRow): CampaignView => ({
  id: r.id,
  advertiserId: r.advertiserId,
  creative: { title: r.title, text: r.text, targetUrl: r.targetUrl },
  targeting: { interests: r.interests, channelIds: r.channelIds, locales: r.locales },
  placements: r.placements,
  budgetCents: r.budgetCents,
  spentCents: r.spentCents,
  pricing: r.pricing,
  priceCents: r.priceCents,
  frequencyCap: r.frequencyCap,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt?.toISOString() ?? null,
  status: r.status,
  exhausted: r.spentCents + r.priceCents > r.budgetCents,
  createdAt: r.createdAt.toISOString(),
});

/** Whose campaigns a caller sees: an advertiser their own, an admin every one (`undefined`). */
export type Owner = string | undefined;
const owned = (owner: Owner) => (owner === undefined ? sql`` : sql`AND c.advertiser_id = ${owner}`);

/** A campaign that fits a request, best first (see `candidates`). */
export interface Candidate {
  id: string;
  advertiserId: string;
  title: string;
  text: string;
  targetUrl: string;
  pricing: Pricing;
  priceCents: number;
  frequencyCap: number;
}

/** Who asks for an ad, as targeting reads them. */
export interface Audience {
  userId: string;
  placement: string;
  interests: readonly string[];
  channelIds: readonly string[];
  /** The user's locale and its language (`es-pe`, `es`), or none. */
  locales: readonly string[];
}

export class CampaignsRepository {
  /** Stores a campaign; undefined when its id exists already (the demo seed runs at every start). */
  async insert(q: Db, id: string, advertiserId: string, b: CreateCampaignBody): Promise<CampaignView | undefined> {
    const r = await sql<CampaignRow>`INSERT INTO campaigns AS c (id, advertiser_id, title, text, target_url,
        interests, channel_ids, locales, placements, budget_cents, pricing, price_cents, frequency_cap, starts_at, ends_at)
      VALUES (${id}, ${advertiserId}, ${b.creative.title}, ${b.creative.text}, ${b.creative.targetUrl},
        ${b.targeting.interests}::text[], ${b.targeting.channelIds}::uuid[], ${b.targeting.locales}::text[],
        ${b.placements}::text[], ${b.budgetCents}, ${b.pricing}, ${b.priceCents}, ${b.frequencyCap},
        coalesce(${b.startsAt ?? null}::timestamptz, now()), ${b.endsAt ?? null}::timestamptz)
      ON CONFLICT (id) DO NOTHING RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  async list(q: Db, owner: Owner): Promise<CampaignView[]> {
    const r = await sql<CampaignRow>`SELECT ${columns} FROM campaigns c WHERE true ${owned(owner)}
      ORDER BY c.created_at DESC, c.id LIMIT 500`.execute(q);
    return r.rows.map(view);
  }

  async find(q: Db, id: string, owner: Owner): Promise<CampaignView | undefined> {
    const r = await sql<CampaignRow>`SELECT ${columns} FROM campaigns c WHERE c.id = ${id} ${owned(owner)}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /** Pauses an active campaign; undefined when it was paused already (or is not the owner's). */
  async pause(q: Db, id: string, owner: Owner): Promise<CampaignView | undefined> {
    const r = await sql<CampaignRow>`UPDATE campaigns AS c SET status = 'paused'
      WHERE c.id = ${id} AND c.status = 'active' ${owned(owner)} RETURNING ${columns}`.execute(q);
    return r.rows[0] && view(r.rows[0]);
  }

  /**
   * The campaigns that may be shown to this audience now, best first: running, with budget for
   * one more charge, at this placement, matching every targeted dimension, under today's cap
   * for the user. Ranked by how many dimensions they target and match (the more specific
   * first), then by interests in common, then at random so equals share the traffic.
   * A read only: serving re-checks cap and budget with conditional writes.
   */
  async candidates(q: Db, a: Audience, limit: number): Promise<Candidate[]> {
    const interests = [...a.interests];
    const channels = [...a.channelIds];
    const locales = [...a.locales];
    const r = await sql<Candidate>`SELECT c.id, c.advertiser_id AS "advertiserId", c.title, c.text,
        c.target_url AS "targetUrl", c.pricing, c.price_cents AS "priceCents", c.frequency_cap AS "frequencyCap"
      FROM campaigns c
      LEFT JOIN frequency f ON f.campaign_id = c.id AND f.user_id = ${a.userId}
        AND f.day = (now() AT TIME ZONE 'America/Lima')::date
      WHERE c.status = 'active' AND c.starts_at <= now() AND (c.ends_at IS NULL OR c.ends_at > now())
        AND c.spent_cents + c.price_cents <= c.budget_cents
        AND (cardinality(c.placements) = 0 OR ${a.placement} = ANY (c.placements))
        AND (cardinality(c.interests) = 0 OR c.interests && ${interests}::text[])
        AND (cardinality(c.channel_ids) = 0 OR c.channel_ids && ${channels}::uuid[])
        AND (cardinality(c.locales) = 0 OR c.locales && ${locales}::text[])
        AND coalesce(f.shown, 0) < c.frequency_cap
      ORDER BY (cardinality(c.interests) > 0)::int + (cardinality(c.channel_ids) > 0)::int
          + (cardinality(c.locales) > 0)::int DESC,
        cardinality(ARRAY(SELECT unnest(c.interests) INTERSECT SELECT unnest(${interests}::text[]))) DESC,
        random()
      LIMIT ${limit}`.execute(q);
    return r.rows;
  }

  /**
   * Takes `charge` cents of the campaign's budget if it still runs and, after the charge, could
   * pay `room` cents more (its price: a click-priced ad keeps room for its click). One
   * conditional UPDATE, so racing serves never overspend. False when it cannot.
   */
  async charge(q: Db, id: string, charge: number, room: number): Promise<boolean> {
    const r = await sql`UPDATE campaigns SET spent_cents = spent_cents + ${charge}
      WHERE id = ${id} AND status = 'active' AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now())
        AND spent_cents + ${charge} + ${room} <= budget_cents`.execute(q);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Takes `cents` of the budget if they are left, whatever the status (a click on an ad shown before a pause). */
  async chargeClick(q: Db, id: string, cents: number): Promise<boolean> {
    const r = await sql`UPDATE campaigns SET spent_cents = spent_cents + ${cents}
      WHERE id = ${id} AND spent_cents + ${cents} <= budget_cents`.execute(q);
    return Number(r.numAffectedRows ?? 0) === 1;
  }
}
