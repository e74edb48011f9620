import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  type JsonBody,
  SERVICE_CONTEXT,
  type ServiceContext,
  type Tx,
} from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PromocionPublicada, SalonesActualizaciones } from '../contracts/events';
import {
  type CreatePromotionBody,
  type PromotionPage,
  type PromotionQuery,
  type PromotionView,
  promotionRuleIssues,
  type UpdatePromotionBody,
} from '../contracts/promotions.dto';
import { PromotionsRepository } from '../db/promotions.repository';
import { SalonCache } from '../db/salon.cache';
import { SalonGuard } from './salon-guard.service';

/** Promotions: admin writes (with their events, in the write's transaction) and the cached public listing. */
@Injectable()
export class PromotionsService {
  readonly #promotions = new PromotionsRepository();
  readonly #cache: SalonCache;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly guard: SalonGuard,
  ) {
    this.#cache = new SalonCache(ctx.cache);
  }

  list(query: PromotionQuery): Promise<JsonBody<PromotionPage>> {
    return this.#cache.page('promotions', { ...query, day: new Date().toISOString().slice(0, 10) }, async () => {
      const { items, total } = await this.#promotions.list(this.ctx.db.db, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  async create(user: AuthUser, salonId: string, body: CreatePromotionBody): Promise<PromotionView> {
    const id = randomUUID();
    const view = await this.ctx.db.transaction(async (tx) => {
      const salon = await this.guard.authorize(tx, user, salonId);
      await this.guard.requireServices(tx, salonId, body.serviceIds, 'body.serviceIds');
      await this.#promotions.insert(tx, id, salonId, body);
      const created = await this.#load(tx, id);
      await this.#published(tx, created, salon.name);
      return created;
    });
    await this.#cache.invalidate(salonId);
    return view;
  }

  async update(user: AuthUser, id: string, patch: UpdatePromotionBody): Promise<PromotionView> {
    const view = await this.ctx.db.transaction(async (tx) => {
      const current = await this.#load(tx, id);
      const salon = await this.guard.authorize(tx, user, current.salonId);
      const issues = promotionRuleIssues({ ...current, ...patch });
      if (issues.length > 0)
        throw new AppError('VALIDATION_FAILED', issues.map((i) => `body.${i.field}: ${i.message}`).join('; '), {
          errors: issues.map((i) => ({ field: `body.${i.field}`, message: i.message })),
        });
      if (patch.serviceIds) await this.guard.requireServices(tx, current.salonId, patch.serviceIds, 'body.serviceIds');
      await this.#promotions.update(tx, id, patch);
      const updated = await this.#load(tx, id, false);
      if (patch.active === true && !current.active) await this.#published(tx, updated, salon.name);
      else await this.#changed(tx, updated.salonId);
      return updated;
    });
    await this.#cache.invalidate(view.salonId);
    return view;
  }

  /** The promotion, locked for the transaction unless `lock` is false; 404 when missing. */
  async #load(tx: Tx, id: string, lock = true): Promise<PromotionView> {
    const found = await this.#promotions.find(tx, id, lock);
    if (!found) throw new AppError('NOT_FOUND', `promotion ${id} not found`);
    return found;
  }

  /** A promotion became active: announced (PromocionPublicada) and caches of its salon dropped. */
  async #published(tx: Tx, p: PromotionView, salonName: string): Promise<void> {
    const at = new Date().toISOString();
    await this.ctx.bus.publish(tx, PromocionPublicada, {
      promotionId: p.id,
      salonId: p.salonId,
      salonName,
      name: p.name,
      discountPercent: p.discountPercent,
      validTo: p.validTo,
      at,
    });
    await this.#changed(tx, p.salonId);
  }

  #changed(tx: Tx, salonId: string): Promise<unknown> {
    return this.ctx.bus.publish(tx, SalonesActualizaciones, {
      salonId,
      change: 'promotion.upserted',
      at: new Date().toISOString(),
    });
  }
}
