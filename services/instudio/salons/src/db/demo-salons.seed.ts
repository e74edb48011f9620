import type { ServiceContext } from '@coordina/platform';
import { PromocionPublicada, SalonesActualizaciones } from '../contracts/events';
import { CatalogRepository } from './catalog.repository';
import { demoPromotions } from './demo-promotions.data';
import { demoSalons } from './demo-salons.data';
import { PromotionsRepository } from './promotions.repository';
import { SalonsRepository } from './salons.repository';

/** Creates the demo salons and promotions once (ON CONFLICT DO NOTHING on fixed ids); existing ones stay as they are. */
export async function seedDemoSalons(ctx: ServiceContext): Promise<void> {
  const salons = new SalonsRepository();
  const catalog = new CatalogRepository();
  const promotions = new PromotionsRepository();
  const changed = (salonId: string, change: 'salon.created' | 'promotion.upserted') => ({
    salonId,
    change,
    at: new Date().toISOString(),
  });
  for (const demo of demoSalons) {
    await ctx.db.transaction(async (tx) => {
      const created = await salons.insert(tx, demo.id, demo.salon);
      for (const s of demo.services) await catalog.insertService(tx, demo.id, s.id, s);
      for (const s of demo.stylists) await catalog.insertStylist(tx, demo.id, s.id, s);
      await catalog.addSalonHours(tx, demo.id, demo.hours);
      if (created) await ctx.bus.publish(tx, SalonesActualizaciones, changed(demo.id, 'salon.created'));
    });
  }
  for (const demo of demoPromotions()) {
    await ctx.db.transaction(async (tx) => {
      if (!(await promotions.insert(tx, demo.id, demo.salonId, demo.promotion))) return;
      const p = demo.promotion;
      await ctx.bus.publish(tx, PromocionPublicada, {
        promotionId: demo.id,
        salonId: demo.salonId,
        salonName: demo.salonName,
        name: p.name,
        discountPercent: p.discountPercent,
        validTo: p.validTo,
        at: new Date().toISOString(),
      });
      await ctx.bus.publish(tx, SalonesActualizaciones, changed(demo.salonId, 'promotion.upserted'));
    });
  }
}
