import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { CampaignList, CampaignView, CreateCampaignBody } from '../contracts/ads.dto';
import { CampanaCreada, CampanaPausada } from '../contracts/events';
import { CampaignsRepository, type Owner } from '../db/campaigns.repository';

const notFound = (id: string): AppError => new AppError('NOT_FOUND', `campaign ${id} not found`);

/** Announces a new campaign (analytics labels its reports with the title). */
export function announceCampaign(ctx: ServiceContext, tx: Tx, c: CampaignView): Promise<unknown> {
  return ctx.bus.publish(tx, CampanaCreada, {
    campaignId: c.id,
    advertiserId: c.advertiserId,
    title: c.creative.title,
    budgetCents: c.budgetCents,
    pricing: c.pricing,
    priceCents: c.priceCents,
    at: c.createdAt,
  });
}

/** An advertiser's campaigns are theirs alone; a platform admin sees and pauses every one. */
const ownerOf = (user: AuthUser): Owner => (user.roles.includes('platform_admin') ? undefined : user.id);

/** Creating, listing and pausing campaigns, each write with its event (outbox). */
@Injectable()
export class CampaignsService {
  readonly #campaigns = new CampaignsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  create(user: AuthUser, body: CreateCampaignBody): Promise<CampaignView> {
    return this.ctx.db.transaction(async (tx) => {
      const c = await this.#campaigns.insert(tx, randomUUID(), user.id, body);
      if (!c) throw new AppError('CONFLICT', 'campaign id taken, retry');
      await announceCampaign(this.ctx, tx, c);
      return c;
    });
  }

  async list(user: AuthUser): Promise<CampaignList> {
    return { items: await this.#campaigns.list(this.ctx.db.db, ownerOf(user)) };
  }

  async get(user: AuthUser, id: string): Promise<CampaignView> {
    const found = await this.#campaigns.find(this.ctx.db.db, id, ownerOf(user));
    if (!found) throw notFound(id);
    return found;
  }

  /** Idempotent: pausing a paused campaign answers it again, without a second event. */
  pause(user: AuthUser, id: string): Promise<CampaignView> {
    return this.ctx.db.transaction(async (tx) => {
      const paused = await this.#campaigns.pause(tx, id, ownerOf(user));
      if (!paused) {
        const found = await this.#campaigns.find(tx, id, ownerOf(user));
        if (!found) throw notFound(id);
        return found;
      }
      await this.ctx.bus.publish(tx, CampanaPausada, {
        campaignId: id,
        advertiserId: paused.advertiserId,
        at: new Date().toISOString(),
      });
      return paused;
    });
  }
}
