import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { CatalogModule } from './catalog.module';
import { CatalogSettings } from './catalog.settings';
import { CatalogErrors } from './contracts/catalog.errors';
import { catalogRoutes } from './contracts/catalog.routes';
import { ProductoActualizado, ProductoPublicado } from './contracts/events';
import { seedDemoProducts } from './db/demo-products.seed';
import { migrations } from './db/migrations';
import { ProductCacheInvalidator } from './events/product-cache.invalidator';
import { ProductWriter } from './http/product-writer.service';
import { ProductsController } from './http/products.controller';
import { ProductsService } from './http/products.service';

/** GameVault's catalog (CP in seed 001): products, their public search, seller and admin writes. */
export const catalogService: ServiceManifest = {
  name: 'gamevault-catalog',
  routes: catalogRoutes,
  events: [ProductoPublicado, ProductoActualizado],
  migrations,
  errorCodes: CatalogErrors,
  // GameVault's roles (decision 0048): buyers, sellers and GameVault's own admins.
  roles: defineRoles('buyer', 'seller', 'gamevault_admin'),
  settings: CatalogSettings,
  module: (ctx) =>
    serviceModule(CatalogModule, ctx, {
      controllers: [ProductsController],
      providers: [
        { provide: CatalogSettings, useValue: ctx.settings },
        ProductsService,
        ProductWriter,
        ProductCacheInvalidator,
      ],
    }),
  seed: seedDemoProducts,
};

export { CatalogModule };
