import type { ServiceContext } from '@coordina/platform';
import { SalonesActualizaciones } from '../contracts/events';
import { CatalogRepository } from './catalog.repository';
import { demoSalons } from './demo-salons.data';
import { SalonsRepository } from './salons.repository';

/** Creates the demo salons once (ON CONFLICT DO NOTHING on fixed ids); existing ones are left as they are. */
export async function seedDemoSalons(ctx: ServiceContext): Promise<void> {
  const salons = new SalonsRepository();
  const catalog = new CatalogRepository();
  for (const demo of demoSalons) {
    await ctx.db.transaction(async (tx) => {
      const created = await salons.insert(tx, demo.id, demo.salon);
      for (const s of demo.services) await catalog.insertService(tx, demo.id, s.id, s);
      for (const s of demo.stylists) await catalog.insertStylist(tx, demo.id, s.id, s);
      await catalog.addSalonHours(tx, demo.id, demo.hours);
      if (created)
        await ctx.bus.publish(tx, SalonesActualizaciones, {
          salonId: demo.id,
          change: 'salon.created',
          at: new Date().toISOString(),
        });
    });
  }
}
