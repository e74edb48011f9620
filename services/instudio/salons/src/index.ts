import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { SalonesActualizaciones } from './contracts/events';
import { salonsRoutes } from './contracts/salons.routes';
import { seedDemoSalons } from './db/demo-salons.seed';
import { migrations } from './db/migrations';
import { SalonCacheInvalidator } from './events/salon-cache.invalidator';
import { SalonAdminController } from './http/salon-admin.controller';
import { SalonAdminService } from './http/salon-admin.service';
import { SalonsController } from './http/salons.controller';
import { SalonsService } from './http/salons.service';
import { SalonsModule } from './salons.module';

export const salonsService: ServiceManifest = {
  name: 'instudio-salons',
  routes: salonsRoutes,
  events: [SalonesActualizaciones],
  migrations,
  module: (ctx) =>
    serviceModule(SalonsModule, ctx, {
      controllers: [SalonsController, SalonAdminController],
      providers: [SalonsService, SalonAdminService, SalonCacheInvalidator],
    }),
  seed: seedDemoSalons,
};

export { SalonsModule };
