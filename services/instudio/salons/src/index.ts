import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { PromocionPublicada, SalonesActualizaciones } from './contracts/events';
import { salonsRoutes } from './contracts/salons.routes';
import { seedDemoSalons } from './db/demo-salons.seed';
import { migrations } from './db/migrations';
import { RatingsConsumer } from './events/ratings.consumer';
import { SalonCacheInvalidator } from './events/salon-cache.invalidator';
import { CatalogController } from './http/catalog.controller';
import { PromotionsController } from './http/promotions.controller';
import { PromotionsService } from './http/promotions.service';
import { SalonAdminController } from './http/salon-admin.controller';
import { SalonAdminService } from './http/salon-admin.service';
import { SalonGuard } from './http/salon-guard.service';
import { SalonsController } from './http/salons.controller';
import { SalonsService } from './http/salons.service';
import { SalonsModule } from './salons.module';

export const salonsService: ServiceManifest = {
  name: 'instudio-salons',
  routes: salonsRoutes,
  events: [SalonesActualizaciones, PromocionPublicada],
  migrations,
  roles: defineRoles('salon_admin'),
  module: (ctx) =>
    serviceModule(SalonsModule, ctx, {
      controllers: [CatalogController, SalonsController, SalonAdminController, PromotionsController],
      providers: [
        SalonsService,
        SalonAdminService,
        SalonGuard,
        PromotionsService,
        SalonCacheInvalidator,
        RatingsConsumer,
      ],
    }),
  seed: seedDemoSalons,
};

export { SalonsModule };
