import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { AdView, ClickView, NextAdQuery } from '../contracts/ads.dto';
import { ClicRegistrado, ImpresionRegistrada } from '../contracts/events';
import { CampaignsRepository, type Candidate } from '../db/campaigns.repository';
import { ProfilesRepository } from '../db/profiles.repository';
import { type ImpressionRow, ServingRepository } from '../db/serving.repository';
import { localeKeys, preferredLocale } from '../domain/locale';

/** How many fitting campaigns one request tries, best first, when the better ones hit a cap or run out. */
const TRIES = 5;

/** Thrown inside a serve's transaction to roll it back (cap reached, budget gone, requestId used). */
class Rollback extends Error {
  constructor(readonly why: 'skip' | 'repeated') {
    super(why);
  }
}

const adOf = (i: ImpressionRow): AdView => ({
  id: i.campaignId,
  token: i.id,
  placement: i.placement,
  title: i.title,
  text: i.text,
  targetUrl: i.targetUrl,
});

/**
 * Picks and serves ads, and records their clicks (decision 0087). Every effect is a guarded
 * write in the transaction that publishes its event: the daily cap (conditional upsert), the
 * budget (conditional UPDATE), the impression (unique request id), the click (one per impression).
 */
@Injectable()
export class ServingService {
  readonly #campaigns = new CampaignsRepository();
  readonly #serving = new ServingRepository();
  readonly #profiles = new ProfilesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** The ad served to the user at the placement, or undefined when none fits. */
  async next(user: AuthUser, query: NextAdQuery, acceptLanguage: string | undefined): Promise<AdView | undefined> {
    const db = this.ctx.db.db;
    if (query.requestId) {
      const stored = await this.#serving.byRequest(db, user.id, query.requestId);
      if (stored) return adOf(stored);
    }
    const profile = await this.#profiles.get(db, user.id);
    const candidates = await this.#campaigns.candidates(
      db,
      {
        userId: user.id,
        placement: query.placement,
        interests: profile.interests,
        channelIds: profile.channelIds,
        locales: localeKeys(profile.locale ?? preferredLocale(acceptLanguage)),
      },
      TRIES,
    );
    for (const c of candidates) {
      const served = await this.#serve(user.id, c, query);
      if (served === 'repeated') return this.#stored(user.id, query.requestId as string);
      if (served) return served;
    }
    return undefined;
  }

  /** Records a click on the user's impression once; a repeat answers `recorded: false` and changes nothing. */
  async click(user: AuthUser, campaignId: string, token: string): Promise<ClickView> {
    const imp = await this.#serving.impression(this.ctx.db.db, token, campaignId, user.id);
    if (!imp) throw new AppError('NOT_FOUND', `no impression ${token} of ad ${campaignId} for the caller`);
    try {
      await this.ctx.db.transaction(async (tx) => {
        // A click-priced campaign pays the click if its budget still can, else the click is free.
        const charged = imp.pricing === 'click' && (await this.#campaigns.chargeClick(tx, campaignId, imp.priceCents));
        const costCents = charged ? imp.priceCents : 0;
        const at = await this.#serving.insertClick(tx, imp, costCents);
        if (!at) throw new Rollback('repeated');
        await this.ctx.bus.publish(tx, ClicRegistrado, {
          impressionId: imp.id,
          campaignId,
          advertiserId: imp.advertiserId,
          userId: user.id,
          placement: imp.placement,
          costCents,
          at: at.toISOString(),
        });
      });
      return { targetUrl: imp.targetUrl, recorded: true };
    } catch (err) {
      if (err instanceof Rollback) return { targetUrl: imp.targetUrl, recorded: false };
      throw err;
    }
  }

  /** One campaign's serve: cap, budget, impression and its event, or nothing at all. */
  async #serve(userId: string, c: Candidate, query: NextAdQuery): Promise<AdView | 'repeated' | undefined> {
    const id = randomUUID();
    try {
      return await this.ctx.db.transaction(async (tx) => {
        if (!(await this.#serving.countImpression(tx, c.id, userId, c.frequencyCap))) throw new Rollback('skip');
        const costCents = c.pricing === 'impression' ? c.priceCents : 0;
        // A click-priced ad is shown only while its budget could pay its click.
        if (!(await this.#campaigns.charge(tx, c.id, costCents, c.priceCents - costCents))) throw new Rollback('skip');
        const at = await this.#serving.insertImpression(tx, {
          id,
          campaignId: c.id,
          userId,
          placement: query.placement,
          requestId: query.requestId ?? id,
          costCents,
        });
        if (!at) throw new Rollback('repeated');
        await this.ctx.bus.publish(tx, ImpresionRegistrada, {
          impressionId: id,
          campaignId: c.id,
          advertiserId: c.advertiserId,
          userId,
          placement: query.placement,
          costCents,
          at: at.toISOString(),
        });
        return {
          id: c.id,
          token: id,
          placement: query.placement,
          title: c.title,
          text: c.text,
          targetUrl: c.targetUrl,
        };
      });
    } catch (err) {
      if (err instanceof Rollback) return err.why === 'repeated' ? 'repeated' : undefined;
      throw err;
    }
  }

  /** The impression a concurrent request with the same requestId recorded (committed: the unique key waited for it). */
  async #stored(userId: string, requestId: string): Promise<AdView> {
    const stored = await this.#serving.byRequest(this.ctx.db.db, userId, requestId);
    if (!stored) throw new AppError('CONFLICT', `requestId ${requestId} is being served, retry`);
    return adOf(stored);
  }
}
